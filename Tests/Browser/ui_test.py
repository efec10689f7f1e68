"""End-to-end checks of the staff UI in a real browser (Chromium, headless, through chromium-driver).

Run by scripts/browser-test against a freshly seeded instance; screenshots of every page go to
SCREENSHOTS (the build folder), at 1280 px and 390 px wide.
"""
import os
import sys
import unittest

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["ITAKU_URL"].rstrip("/")
SHOTS = os.environ.get("SCREENSHOTS", ".build/screenshots")
PASSWORD = os.environ["ITAKU_TEST_PASSWORD"]


def corporate_number(base):
    """A valid 13-digit corporate number: the check digit, then the twelve base digits."""
    digits = [int(d) for d in base]
    total = sum(d * (1 if i % 2 == 0 else 2) for i, d in enumerate(reversed(digits)))
    return str(9 - total % 9) + base


def wrong_check_digit(number):
    return str((int(number[0]) + 1) % 10) + number[1:]


class StaffUI(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        options = Options()
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"):
            options.add_argument(flag)
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        cls.driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
        cls.driver.implicitly_wait(2)
        os.makedirs(SHOTS, exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()

    # Helpers

    def go(self, path):
        self.driver.get(BASE + path)

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def text(self):
        return self.find("main").text

    def shot(self, name):
        """Screenshots at desktop and phone width; on the phone the page itself must not scroll sideways."""
        self.driver.set_window_size(1280, 900)
        self.driver.save_screenshot(os.path.join(SHOTS, f"{name}-1280.png"))
        self.driver.set_window_size(390, 844)
        overflow = self.driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        self.driver.save_screenshot(os.path.join(SHOTS, f"{name}-390.png"))
        widest = self.driver.execute_script(
            "var w = document.documentElement.clientWidth, out = [];"
            "document.querySelectorAll('main *').forEach(function (e) {"
            "  if (e.getBoundingClientRect().right > w + 1 && !e.closest('table, figure, pre')) out.push(e.outerHTML.slice(0, 120)); });"
            "return out.slice(0, 3);")
        self.driver.set_window_size(1280, 900)
        self.assertLessEqual(overflow, 0, f"{name} scrolls sideways by {overflow}px at 390px: {widest}")

    def sign_in(self, username):
        self.driver.delete_all_cookies()
        self.go("/ui/sign-in")
        self.find("#username").send_keys(username)
        self.find("#password").send_keys(PASSWORD)
        self.submit("form")
        self.assertIn(f"{username} ·", self.find("header").text)

    def follow(self, element):
        """Clicks something that loads a new page, and waits until the old page is gone."""
        page = self.find("html")
        element.click()

        def old_page_gone(_):
            # While the new page replaces it, Chromium may report the old node as stale or as
            # no longer in the document; both mean it is gone.
            try:
                page.is_enabled()
                return False
            except WebDriverException:
                return True

        WebDriverWait(self.driver, 10).until(old_page_gone)
        WebDriverWait(self.driver, 10).until(lambda driver: driver.execute_script("return document.readyState") == "complete")

    def click(self, css):
        self.follow(self.find(css))

    def submit(self, form_css="main form"):
        self.follow(self.find(f"{form_css} button[type=submit]"))

    # The journeys of issue 7

    def test_1_procurement_registers_entrusts_and_drafts(self):
        self.sign_in("procurement")
        self.shot("dashboard")
        self.click("nav a[href='/ui/contractors']")
        self.shot("contractors")
        self.click("a[href='/ui/contractors/new']")
        number = corporate_number("765432109876")
        self.find("#f-legalName").send_keys("Selenium Data Services KK")
        self.find("#f-corporateNumber").send_keys(wrong_check_digit(number))
        self.submit()
        message = self.find("#f-corporateNumber-error").text
        self.assertIn("check digit", message)
        self.assertIn("Corporate number", self.find(".error-summary").text)
        self.shot("contractor-register-error")
        field = self.find("#f-corporateNumber")
        self.assertEqual(field.get_attribute("aria-invalid"), "true")
        field.clear()
        field.send_keys(number)
        self.submit()
        self.assertEqual(self.find("h1").text, "Selenium Data Services KK")
        self.assertIn("Registered Selenium Data Services KK.", self.find(".notice").text)

        self.click("a[href$='/entrustments/new']")
        self.find("#f-title").send_keys("Customer support desk")
        self.find("input[name=purposes][value=customer_support]").click()
        self.find("input[name=subjectCategories][value=customers]").click()
        for item in ("name", "email"):
            self.find(f"input[name=dataItems][value={item}]").click()
        self.find("#f-estimatedRecords").send_keys("2500")
        self.find("#f-retentionDays").send_keys("365")
        self.shot("entrustment-form")
        self.submit()
        self.assertIn("Customer support desk", self.find("#entrustments").text)

        self.click("a[href$='/contracts/new']")
        self.find("#f-reference").send_keys("OUT-SEL-1")
        self.find("input[name=omitKinds][value=breach_notification_to_company]").click()
        self.shot("contract-form")
        self.submit()
        self.assertIn("Not equivalent to the policy", self.text())
        missing = self.driver.find_elements(By.CSS_SELECTOR, "table.matrix tr.missing")
        self.assertTrue(missing, "the omitted term is listed as missing")
        self.assertIn("Missing", missing[0].text)
        self.shot("contract")

    def test_2_compliance_reviews_and_waives(self):
        self.sign_in("compliance")
        self.click("nav a[href='/ui/review']")
        self.shot("review-queue")
        self.click("main table tbody a")
        self.assertIn("Answers", self.text())
        self.shot("attestation")
        self.find("input[name=decision][value=accepted]").click()
        self.find("#f-comment").send_keys("Checked against the evidence.")
        self.submit(".panel form")
        self.assertIn("Recorded: accepted.", self.find(".notice").text)

        self.click("nav a[href='/ui/flags']")
        self.shot("flags")
        first = self.find("li.flag")
        first.find_element(By.CSS_SELECTOR, "summary").click()
        first.find_element(By.CSS_SELECTOR, "textarea[name=reason]").send_keys("Accepted while the contract is renegotiated")
        self.follow(first.find_element(By.CSS_SELECTOR, "details form button[type=submit]"))
        self.assertIn("Waived", self.find(".notice").text)

        for path, name in (("/ui/policy", "policy"), ("/ui/templates", "templates"), ("/ui/audit?verify=1", "audit")):
            self.go(path)
            self.shot(name)
        self.assertIn("The chain is intact", self.text())

    def test_3_riskiest_contractor_in_two_clicks(self):
        self.sign_in("compliance")
        self.click("nav a[href='/ui']")
        self.click("section[aria-labelledby=ranked] tbody a")
        page = self.text()
        self.assertIn("Why it is risky", page)
        self.assertIn("Risk score", page)
        self.shot("contractor")

    def test_4_keyboard_first_stop_is_skip_link(self):
        self.sign_in("auditor")
        self.find("body").send_keys(Keys.TAB)
        active = self.driver.switch_to.active_element
        self.assertEqual(active.get_attribute("class"), "skip")
        active.send_keys(Keys.ENTER)
        self.assertTrue(self.driver.current_url.endswith("#main"))


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    sys.exit(0 if result.wasSuccessful() else 1)
