"""The point of contact's list of the plan in Chromium with JavaScript turned off: the filter form
(a GET form) narrows it to one lead agency, the count says how many match, every card shown is
that agency's, and the page links reach every page.

    python3 listing_noscript.py ADDRESS_WITH_SECRET MINISTRY_ID EXPECTED_COUNT [ARTIFACTS_FOLDER]

With ARTIFACTS_FOLDER, a later page with its page links and a filtered page are then checked with
script on by axe-core at 1280 and 390 px (Tests/Browser/axe_check.py), screenshots kept there.

Run by WebPlanListingTests against the real binary; exits non-zero on any problem.
"""
import os
import sys

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

address, ministry, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
base = address.split("/?")[0]
options = webdriver.ChromeOptions()
for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"):
    options.add_argument(argument)
options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
problems = []


def card_ids():
    return [a.get_attribute("href").split("/c/")[1] for a in driver.find_elements(By.CSS_SELECTOR, "li.card h2 a")]


try:
    driver.get(address)
    Select(driver.find_element(By.ID, "filter-ministry")).select_by_value(ministry)
    driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    if f"ministry={ministry}" not in driver.current_url:
        problems.append(f"the form did not narrow the address: {driver.current_url}")
    summary = driver.find_element(By.CSS_SELECTOR, "p.summary").text
    if not summary.startswith(f"{expected} commitment"):
        problems.append(f"count: {summary!r}, expected {expected}")
    seen = []
    for _ in range(20):
        ids = card_ids()
        seen += ids
        name = Select(driver.find_element(By.ID, "filter-ministry")).first_selected_option.get_attribute("value")
        if name != ministry:
            problems.append(f"the form forgot the chosen agency on {driver.current_url}")
        for card in driver.find_elements(By.CSS_SELECTOR, "li.card"):
            if card.find_element(By.CSS_SELECTOR, "dd").text == "":
                problems.append("a card without its lead agency")
        nexts = driver.find_elements(By.LINK_TEXT, "Next page")
        if not nexts:
            break
        nexts[0].click()
    if len(seen) != expected or len(set(seen)) != expected:
        problems.append(f"{len(seen)} cards over the pages ({len(set(seen))} distinct), expected {expected}")
    # The pages' own links, back to the first with the filter kept.
    driver.get(base + "/?page=2")
    current = driver.find_elements(By.CSS_SELECTOR, "nav.pages a[aria-current=page]")
    if not current or current[0].text != "2":
        problems.append("page 2 is not marked as the current page")
    driver.find_element(By.LINK_TEXT, "Previous page").click()
    if len(card_ids()) != 50:
        problems.append(f"the first page shows {len(card_ids())} cards")
finally:
    driver.quit()

if len(sys.argv) > 4:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Browser"))
    from axe_check import PageCheck, chromium  # noqa: E402
    driver = chromium()
    try:
        check = PageCheck(driver, sys.argv[4], "listing-")
        driver.get(address)
        for name, path in (("page-2", "/?page=2"), ("attention-filtered", f"/attention?ministry={ministry}&page=2")):
            driver.get(base + path)
            check.check_widths(name)
        problems += check.problems
    finally:
        driver.quit()

for p in problems:
    print("problem:", p)
print(f"listing_noscript: {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
