"""One step of a person's journey through `carnet web`, in a real Chromium driven by Selenium,
as a person does it: fields typed, buttons clicked. Run by WebJourneyTests (swift test), which
checks with git, on the copy and on the hub over sshd, what each step did.

    python3 journey.py ADDRESS_WITH_SECRET ARTIFACTS_FOLDER STEP [ARGUMENT...]

Steps:
    update COMMITMENT MILESTONE NOTE PDF   the milestone's note saved, then PDF attached to it
    note COMMITMENT MILESTONE NOTE         the milestone's note saved
    sync                                   "Sync now" on the sync page
    settle TEXT                            the first conflict settled with a combined TEXT
    rescue                                 the rescue button on the sync page
    docx FOLDER                            the self-assessment draft downloaded into FOLDER

Screenshots of each page reached, at 1280 and 390 px, go to ARTIFACTS_FOLDER. The text of the
last page is printed after a line "--- page ---". Exits non-zero, saying why, when a step fails.
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Browser"))
sys.dont_write_bytecode = True
from axe_check import while_loaded  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException  # noqa: E402
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

address, artifacts, step, arguments = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
base = address.split("/?")[0]
os.makedirs(artifacts, exist_ok=True)

options = webdriver.ChromeOptions()
for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1280,900", "--lang=en"):
    options.add_argument(argument)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.set_page_load_timeout(120)


class StepFailed(Exception):
    pass


def wait_for(condition, what, seconds=90):
    try:
        # A page that reloads while the condition reads it leaves a stale element: ask again.
        WebDriverWait(driver, seconds, ignored_exceptions=(StaleElementReferenceException,)).until(while_loaded(condition))
    except TimeoutException:
        raise StepFailed(f"{what}: still at {driver.current_url}\n{driver.find_element(By.TAG_NAME, 'body').text}")


def screenshots(name):
    """The whole page at both widths (the window as tall as the document), then back."""
    for width in (1280, 390):
        driver.set_window_size(width, 900)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, min(max(height, 900), 12000))
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(os.path.join(artifacts, f"journey-{name}-{width}.png"))
    driver.set_window_size(1280, 900)


def submit(form_selector):
    driver.find_element(By.CSS_SELECTOR, form_selector + " button[type=submit]").click()


def save_note(commitment, milestone, note):
    driver.get(f"{base}/c/{commitment}")
    field = driver.find_element(By.CSS_SELECTOR, f"#milestone-{milestone} [name=note]")
    field.clear()
    field.send_keys(note)
    submit(f"#milestone-{milestone}")
    wait_for(lambda d: f"saved={milestone}" in d.current_url, f"milestone {milestone} was not saved")


try:
    driver.get(address)  # the secret becomes the cookie
    if step in ("update", "note"):
        commitment, milestone, note = arguments[:3]
        save_note(commitment, milestone, note)
        screenshots(f"{step}-saved")
        if step == "update":
            pdf = os.path.abspath(arguments[3])
            title = "Compte rendu " + milestone
            driver.find_element(By.ID, "evidence-file-file").send_keys(pdf)
            Select(driver.find_element(By.ID, "evidence-file-milestone")).select_by_value(milestone)
            driver.find_element(By.ID, "evidence-file-title").send_keys(title)
            driver.find_element(By.CSS_SELECTOR, "form.evidence[enctype='multipart/form-data'] button[type=submit]").click()
            wait_for(lambda d: title in d.find_element(By.TAG_NAME, "body").text,
                     "the document does not appear in the evidence")
            screenshots("uploaded")
    elif step == "sync":
        driver.get(base + "/sync")
        submit("form[action='/sync']")
        wait_for(lambda d: "/sync?" in d.current_url, "Sync now did not come back to the sync page")
        screenshots("synced")
    elif step == "settle":
        driver.get(base + "/conflicts")
        screenshots("conflict")
        field = driver.find_element(By.ID, "conflict-1-value")
        field.clear()
        field.send_keys(arguments[0])
        field.find_element(By.XPATH, "./ancestor::form").find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait_for(lambda d: "settled" in d.current_url, "the conflict was not settled")
        screenshots("settled")
    elif step == "rescue":
        driver.get(base + "/sync")
        screenshots("refused")
        submit("form[action='/rescue']")
        wait_for(lambda d: "rescued=1" in d.current_url, "the rescue did not finish")
        screenshots("rescued")
    elif step == "docx":
        folder = os.path.abspath(arguments[0])
        os.makedirs(folder, exist_ok=True)
        driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": folder})
        driver.get(base + "/self-assessment")
        screenshots("self-assessment")
        submit("form[action='/self-assessment/draft']")
        deadline = time.time() + 120
        while time.time() < deadline:
            names = os.listdir(folder)
            if any(n.endswith(".docx") for n in names) and not any(n.endswith(".crdownload") for n in names):
                break
            time.sleep(0.5)
        else:
            raise StepFailed(f"no .docx downloaded into {folder}: {os.listdir(folder)}")
    else:
        raise StepFailed(f"unknown step {step}")
    print("--- page ---")
    print(driver.find_element(By.TAG_NAME, "body").text)
except StepFailed as failure:
    print(f"journey {step}: {failure}")
    sys.exit(1)
finally:
    driver.quit()
