"""Every page type of `carnet web` in a real Chromium, driven by Selenium: axe-core finds no
WCAG 2.1 A/AA violation, the page does not scroll sideways at 390 px, and a milestone saves
through the form. Screenshots at 1280 and 390 px go to the artifacts folder.

    python3 axe_pages.py ADDRESS_WITH_SECRET ARTIFACTS_FOLDER [NAME_PREFIX]

Run by WebBrowserTests (swift test) against the real binary; exits non-zero on any problem. The
harness itself is Tests/Browser/axe_check.py, shared with the dashboard's browser test.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Browser"))
from axe_check import PageCheck, chromium, while_loaded  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

address, artifacts = sys.argv[1], sys.argv[2]
prefix = sys.argv[3] if len(sys.argv) > 3 else ""
base = address.split("/?")[0]
driver = chromium("--lang=" + ("fr" if prefix.startswith("fr") else "en"))
pagecheck = PageCheck(driver, artifacts, prefix)
problems = pagecheck.problems


def wait_for(condition):
    try:
        # A page that reloads while the condition reads it leaves a stale element: ask again.
        WebDriverWait(driver, 15, ignored_exceptions=(StaleElementReferenceException,)).until(while_loaded(condition))
        return True
    except TimeoutException:
        return False


def visit(name, path=None):
    if path is not None:
        driver.get(base + path)
    pagecheck.check_widths(name)


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
    # A filtered page of the plan and of Needs attention (PlanListing), the form and page links.
    visit("plan-filtered", "/?status=limited&rag=amber")
    visit("attention-filtered", "/attention?page=1&rag=red")
    visit("participation", "/participation")
    visit("self-assessment", "/self-assessment")
    visit("definition", "/c/05/define")
    # Texts in the plan's other language, with translations gone stale marked beside their
    # fields (WebBrowserTests changes the French results and title first) and each evidence
    # entry's title to write in that language.
    visit("commitment-en", "/c/05?text=en")
    visit("commitment-stale", "/c/05")
    visit("definition-en", "/c/05/define?text=en")
    for mark in ("commitment-results-stale",):
        if not driver.find_elements(By.ID, mark) and not prefix:
            driver.get(base + "/c/05?text=en")
            if not driver.find_elements(By.ID, mark):
                problems.append(f"no {mark} on the English page")
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

sys.exit(pagecheck.report("axe_pages"))
