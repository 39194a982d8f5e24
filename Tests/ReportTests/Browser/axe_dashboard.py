"""Every page type of the static dashboard in a real Chromium, driven by Selenium: axe-core
finds no WCAG 2.1 A/AA violation, and at 390 px no page is wider than the window (measured in
the browser). Screenshots at 1280 and 390 px go to the artifacts folder.

    python3 axe_dashboard.py SITE_FOLDER ARTIFACTS_FOLDER PAGE...

Run by DashboardBrowserTests (swift test); exits non-zero on any problem. The harness itself is
Tests/Browser/axe_check.py, shared with the web app's browser test.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Browser"))
from axe_check import PageCheck, chromium  # noqa: E402

site, artifacts, pages = sys.argv[1], sys.argv[2], sys.argv[3:]
driver = chromium("--allow-file-access-from-files")
pagecheck = PageCheck(driver, artifacts)
try:
    for page in pages:
        driver.get("file://" + os.path.join(os.path.abspath(site), page))
        pagecheck.check_widths(page.replace(".html", ""))
finally:
    driver.quit()

sys.exit(pagecheck.report("axe_dashboard"))
