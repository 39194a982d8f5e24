"""Every page type of the static dashboard in a real Chromium, driven by Selenium: axe-core
finds no WCAG 2.1 A/AA violation, and at 390 px no page is wider than the window (measured in
the browser). Screenshots at 1280 and 390 px go to the artifacts folder.

    python3 axe_dashboard.py SITE_FOLDER ARTIFACTS_FOLDER PAGE...

Run by DashboardBrowserTests (swift test); exits non-zero on any problem.
"""
import json
import os
import sys

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "best-practice"]}}
site, artifacts, pages = sys.argv[1], sys.argv[2], sys.argv[3:]
os.makedirs(artifacts, exist_ok=True)

options = webdriver.ChromeOptions()
for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1280,900", "--allow-file-access-from-files"):
    options.add_argument(argument)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.set_script_timeout(120)
problems = []


def check(name, width):
    driver.set_window_size(width, 900)
    Axe(driver).inject()
    results = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, %s).then(done, function (e) { done({violations: [{id: 'axe-error', impact: 'error', "
        "help: String(e), nodes: []}]}); });" % json.dumps(RULES))
    for violation in results["violations"]:
        targets = [" ".join(node["target"]) for node in violation["nodes"]][:5]
        problems.append(f"{name} at {width}px: {violation['id']} ({violation['impact']}): {violation['help']} {targets}")
    # The page itself, and any element, wider than the window (a box that scrolls on its own is fine).
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        problems.append(f"{name} at {width}px: the page scrolls sideways by {overflow}px")
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(height, 900), 12000))
    driver.save_screenshot(os.path.join(artifacts, f"{name}-{width}.png"))


try:
    for page in pages:
        driver.get("file://" + os.path.join(os.path.abspath(site), page))
        for width in (1280, 390):
            check(page.replace(".html", ""), width)
finally:
    driver.quit()

for problem in problems:
    print(problem)
print(f"axe_dashboard: {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
