"""Every page type of `carnet web` in a real Chromium, driven by Selenium: axe-core finds no
WCAG 2.1 A/AA violation, the page does not scroll sideways at 390 px, and a milestone saves
through the form. Screenshots at 1280 and 390 px go to the artifacts folder.

    python3 axe_pages.py ADDRESS_WITH_SECRET ARTIFACTS_FOLDER [NAME_PREFIX]

Run by WebBrowserTests (swift test) against the real binary; exits non-zero on any problem.
"""
import json
import os
import sys

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "best-practice"]}}
address, artifacts = sys.argv[1], sys.argv[2]
prefix = sys.argv[3] if len(sys.argv) > 3 else ""
base = address.split("/?")[0]
os.makedirs(artifacts, exist_ok=True)

options = webdriver.ChromeOptions()
for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1280,900", "--lang=" + ("fr" if prefix.startswith("fr") else "en")):
    options.add_argument(argument)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.set_script_timeout(120)
problems = []


def check(name, width):
    driver.set_window_size(width, 900)
    Axe(driver).inject()
    # axe.run(document, options), called directly: the wrapper's run() passes options alone,
    # which axe-core reads as a context, and never answers.
    results = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, %s).then(done, function (e) { done({violations: [{id: 'axe-error', impact: 'error', "
        "help: String(e), nodes: []}]}); });" % json.dumps(RULES))
    for violation in results["violations"]:
        targets = [" ".join(node["target"]) for node in violation["nodes"]][:5]
        problems.append(f"{prefix}{name} at {width}px: {violation['id']} ({violation['impact']}): {violation['help']} {targets}")
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        problems.append(f"{prefix}{name} at {width}px: the page scrolls sideways by {overflow}px")
    # The whole page: the window as tall as the document, then back.
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(height, 900), 12000))
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(os.path.join(artifacts, f"{prefix}{name}-{width}.png"))
    driver.set_window_size(width, 900)


def wait_for(condition):
    try:
        WebDriverWait(driver, 15).until(condition)
        return True
    except TimeoutException:
        return False


def visit(name, path=None):
    if path is not None:
        driver.get(base + path)
    for width in (1280, 390):
        check(name, width)


try:
    driver.get(address)  # the secret becomes the cookie, and leaves the address
    if "secret=" in driver.current_url:
        problems.append(f"the secret stayed in the address: {driver.current_url}")
    visit("commitments")
    visit("commitment", "/c/05")
    visit("sync", "/sync")
    visit("conflicts", "/conflicts")
    visit("evidence-removal", "/c/05/evidence/e1/remove")
    # The point of contact's pages (the test's copy is not a ministry's).
    visit("ministries", "/ministries")
    visit("attention", "/attention")
    visit("self-assessment", "/self-assessment")
    visit("definition", "/c/05/define")
    visit("organisations", "/organisations")
    visit("organisation", "/organisations/ins")
    # A definition sent by the browser: an empty title is refused next to its field, nothing saved.
    # (In a ministry's copy the page is the point of contact's refusal, checked above.)
    driver.get(base + "/c/05/define")
    for title in driver.find_elements(By.ID, "def-title"):
        title.clear()
        title.send_keys(" ")
        driver.find_element(By.CSS_SELECTOR, "form[action='/c/05/define'] button[type=submit]").click()
        if not wait_for(lambda d: d.find_elements(By.ID, "def-title-error")):
            problems.append("an empty title was not refused next to its field")
        visit("definition-refused")

    # The keyboard alone: Tab reaches the skip link first, then every link, field and button in
    # order, each with a visible focus outline; Enter on the skip link moves to the content.
    driver.set_window_size(1280, 900)
    driver.get(base + "/c/05")
    focusable = driver.execute_script(
        "return document.querySelectorAll('a[href], input:not([type=hidden]), select, textarea, button').length")
    seen = 0
    for step in range(focusable + 1):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        state = driver.execute_script(
            "var e = document.activeElement; var s = getComputedStyle(e);"
            "return [e.tagName, e.getAttribute('class') || '', s.outlineStyle, s.outlineWidth, e === document.body];")
        if state[4]:
            break
        seen += 1
        if step == 0 and "skip" not in state[1]:
            problems.append(f"the first Tab does not reach the skip link but {state}")
        # Radio buttons of one group take one Tab stop; every stop must show where focus is.
        if state[2] == "none" or state[3] in ("0px", ""):
            problems.append(f"no visible focus on {state[0]}.{state[1]} (Tab {step + 1})")
            break
    print(f"keyboard: {seen} Tab stops on a commitment's page, each with a visible focus")
    if seen < 10:
        problems.append(f"Tab reached only {seen} elements")
    driver.get(base + "/c/05")
    ActionChains(driver).send_keys(Keys.TAB).perform()
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    if not driver.current_url.endswith("#main"):
        problems.append(f"the skip link does not lead to the content: {driver.current_url}")

    # A milestone form sent by the browser itself: a wrong date is refused next to its field.
    driver.set_window_size(1280, 900)
    driver.get(base + "/c/05")
    field = driver.find_element(By.ID, "m4-actual-start")
    field.clear()
    field.send_keys("2026-13")
    driver.find_element(By.CSS_SELECTOR, "#milestone-m4 button[type=submit]").click()
    if not wait_for(lambda d: d.find_elements(By.ID, "m4-actual-start-error")):
        problems.append("a wrong date was not refused next to its field")
    visit("commitment-refused")

    # Then a right one: saved, and the page says so.
    driver.get(base + "/c/05")
    choice = next(r for r in driver.find_elements(By.CSS_SELECTOR, "#milestone-m4 input[name=completion]") if not r.is_selected())
    choice.click()
    driver.find_element(By.CSS_SELECTOR, "#milestone-m4 button[type=submit]").click()
    if not wait_for(lambda d: "saved=m4" in d.current_url):
        problems.append(f"the milestone was not saved: {driver.current_url}")
    visit("commitment-saved")

    # The refusal page, as a browser without the cookie sees it.
    driver.delete_all_cookies()
    driver.get(base + "/")
    visit("refused")
finally:
    driver.quit()

for problem in problems:
    print(problem)
print(f"axe_pages: {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
