"""The dashboard in headless Chromium (Debian's chromium + chromedriver, driven by selenium):
log in, watch a server boot live, open its trace, see the host's usage change, log out.

Screenshots of each page go to the test's temporary directory, or to
``$NOVALITE_SCREENSHOT_DIR`` (``docs/`` when the README's pictures are refreshed).
"""
import os
import shutil
import tempfile

import pytest

from tests.functional import conftest
from tests.functional.test_boot_flow import _image_id, _network_id

CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'
CHROMEDRIVER = shutil.which('chromedriver') or '/usr/bin/chromedriver'
WAIT = 30

webdriver = pytest.importorskip('selenium.webdriver', reason='selenium is not installed')
if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
    pytest.skip('chromium/chromedriver not installed (apt-get install chromium '
                'chromium-driver)', allow_module_level=True)

from selenium.common.exceptions import NoSuchElementException  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope='module')
def dash_cloud(tmp_path_factory):
    c = conftest.start_cloud(tmp_path_factory.mktemp('novalite-dashboard'))
    yield c
    conftest.stop_cloud(c.process)


@pytest.fixture(scope='module')
def browser():
    profile = tempfile.mkdtemp(prefix='novalite-chromium-')
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
                '--no-first-run', '--disable-background-networking',
                '--disable-component-update', '--disable-sync', '--window-size=1280,800',
                '--user-data-dir=' + profile):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(WAIT)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope='module')
def shots(tmp_path_factory):
    target = os.environ.get('NOVALITE_SCREENSHOT_DIR') or str(
        tmp_path_factory.mktemp('screenshots'))
    os.makedirs(target, exist_ok=True)

    def shot(driver, name):
        driver.save_screenshot(os.path.join(target, 'dashboard-%s.png' % name))
    return shot


def wait(driver, condition, timeout=WAIT):
    # the pages re-render their tables as they poll: an element found a moment ago may
    # be gone by the time it is read, which is one more reason to look again
    return WebDriverWait(driver, timeout, poll_frequency=0.1, ignored_exceptions=(
        NoSuchElementException, StaleElementReferenceException)).until(condition)


def text_of(driver, css):
    return driver.find_element(By.CSS_SELECTOR, css).text


def login_by_keyboard(driver, user, password, project=None):
    wait(driver, lambda d: d.find_element(By.ID, 'username').is_displayed())
    field = driver.find_element(By.ID, 'username')
    field.clear()
    field.send_keys(user, Keys.TAB, password, Keys.TAB, project or '', Keys.ENTER)


def _host_usage(driver):
    """{host: (vcpus text, servers)} from the hosts page."""
    rows = driver.find_elements(By.CSS_SELECTOR, 'tr[data-host]')
    return {r.get_attribute('data-host'): (r.find_element(By.CSS_SELECTOR, 'td.vcpus').text,
                                           r.find_element(By.CSS_SELECTOR, 'td.servers').text)
            for r in rows}


def test_dashboard_end_to_end(dash_cloud, browser, shots):
    cloud, d = dash_cloud, browser
    d.get(cloud.url + '/dashboard/')
    assert d.title == 'novalite dashboard'
    # a wrong password is an error on the page, not a broken page
    login_by_keyboard(d, 'admin', 'wrong')
    wait(d, lambda d: d.find_element(By.ID, 'error').is_displayed())
    assert '401' in text_of(d, '#error')
    shots(d, 'login')
    login_by_keyboard(d, 'admin', conftest.PASSWORD)
    wait(d, lambda d: d.find_element(By.ID, 'nav').is_displayed())
    assert 'admin @ admin' in text_of(d, '#who')

    # hosts before the boot (reached with the keyboard: focus the link, press Enter)
    d.find_element(By.ID, 'nav-hosts').send_keys(Keys.ENTER)
    wait(d, lambda d: len(_host_usage(d)) >= 2)
    before = _host_usage(d)

    # boot through the API (slow spawn, so BUILD is on screen for a while)
    server = {'name': 'dash-vm', 'imageRef': _image_id(cloud), 'flavorRef': '42',
              'networks': [{'uuid': _network_id(cloud)}],
              'metadata': {'novalite:delay_spawn': '3'}}
    status, headers, body = cloud.request('POST', '/compute/v2.1/servers',
                                          body={'server': server})
    assert status == 202, body
    server_id = body['server']['id']
    request_id = headers['x-openstack-request-id']

    d.find_element(By.ID, 'nav-servers').click()
    row = 'tr[data-server="%s"] td.status' % server_id
    wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, row) and
         text_of(d, row) == 'BUILD')
    url = d.current_url
    shots(d, 'servers-build')
    wait(d, lambda d: text_of(d, row) == 'ACTIVE')
    assert d.current_url == url  # no reload: the page polled
    shots(d, 'servers')

    # the server page: its create action and the trace of it
    d.find_element(By.LINK_TEXT, 'dash-vm').click()
    wait(d, lambda d: text_of(d, '#server-status') == 'ACTIVE')
    button = 'button[data-request="%s"]' % request_id
    wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, button))
    d.find_element(By.CSS_SELECTOR, button).send_keys(Keys.ENTER)
    trace_rows = '#trace-%s tr.span-row' % request_id
    wait(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, trace_rows)) > 20)
    names = [r.find_element(By.CSS_SELECTOR, 'td.name').text
             for r in d.find_elements(By.CSS_SELECTOR, trace_rows)]
    assert names[0] == 'POST /compute/v2.1/servers'
    expected = ['cast conductor.schedule_and_build_instances',
                'handle conductor.schedule_and_build_instances',
                'call scheduler.select_destinations', 'handle scheduler.select_destinations',
                'handle compute.build_and_run_instance', 'task_state networking',
                'POST /networking/v2.0/ports', 'task_state spawning', 'spawn',
                'injected delay 3.0s at spawn', 'vm_state active']
    positions = [next(i for i, n in enumerate(names) if n.endswith(e)) for e in expected]
    assert positions == sorted(positions), list(zip(expected, positions))
    assert d.find_element(By.CSS_SELECTOR, button).get_attribute('aria-expanded') == 'true'
    d.execute_script('arguments[0].scrollIntoView()', d.find_element(By.CSS_SELECTOR, button))
    shots(d, 'server-trace')

    # the hosts page shows the new usage
    d.find_element(By.ID, 'nav-hosts').click()
    wait(d, lambda d: _host_usage(d) != before and len(_host_usage(d)) >= 2)
    after = _host_usage(d)
    changed = [h for h in after if after[h] != before.get(h)]
    assert changed and int(after[changed[0]][1]) == int(before[changed[0]][1]) + 1
    shots(d, 'hosts')

    d.find_element(By.ID, 'nav-services').click()
    wait(d, lambda d: 'nova-compute' in text_of(d, '#services'))
    assert 'up' in text_of(d, '#services')
    shots(d, 'services')

    d.find_element(By.ID, 'nav-requests').click()
    wait(d, lambda d: 'POST /compute/v2.1/servers' in text_of(d, '#requests'))
    shots(d, 'requests')
    assert 'GET /compute' not in text_of(d, '#requests')  # reads are hidden at first
    d.find_element(By.ID, 'show-reads').send_keys(Keys.SPACE)
    wait(d, lambda d: 'GET /compute/v2.1/os-services' in text_of(d, '#requests'))
    d.find_element(By.PARTIAL_LINK_TEXT, 'POST /compute/v2.1/servers').click()
    wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, '#trace tr.span-row'))

    # an unknown trace is the API's 404 on the page
    d.get(cloud.url + '/dashboard/#/traces/req-nope')
    d.refresh()  # a reload forgets the token
    login_by_keyboard(d, 'admin', conftest.PASSWORD)
    wait(d, lambda d: d.find_element(By.ID, 'error').is_displayed())
    assert '404' in text_of(d, '#error') and 'could not be found' in text_of(d, '#error')

    d.find_element(By.ID, 'logout').click()
    wait(d, lambda d: d.find_element(By.ID, 'login-view').is_displayed())
    assert not d.find_element(By.ID, 'nav').is_displayed()
    assert d.execute_script('return window.localStorage.length + '
                            'window.sessionStorage.length + document.cookie.length') == 0


def test_member_sees_api_errors_and_fits_a_phone(dash_cloud, browser, shots):
    d = browser
    d.set_window_size(390, 844)
    try:
        d.get(dash_cloud.url + '/dashboard/#/hosts')
        d.refresh()
        login_by_keyboard(d, 'demo', conftest.PASSWORD)
        wait(d, lambda d: d.find_element(By.ID, 'error').is_displayed())
        assert '403' in text_of(d, '#error')  # hypervisors are the admin's
        assert d.find_element(By.ID, 'nav').is_displayed()
        d.find_element(By.ID, 'nav-servers').click()
        wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, 'tr[data-server]'))
        assert not d.find_element(By.ID, 'error').is_displayed()
        assert d.execute_script('return document.documentElement.scrollWidth') <= 391
        shots(d, 'servers-phone')
        d.find_element(By.ID, 'logout').click()
    finally:
        d.set_window_size(1280, 800)


def test_dashboard_static_files(dash_cloud):
    import requests
    base = dash_cloud.url + '/dashboard'
    resp = requests.get(base, allow_redirects=False, timeout=10)
    assert resp.status_code == 301 and resp.headers['Location'].endswith('/dashboard/')
    resp = requests.get(base + '/app.js', timeout=10)
    assert resp.status_code == 200 and resp.headers['Content-Type'].startswith('text/javascript')
    assert "default-src 'self'" in resp.headers['Content-Security-Policy']
    for path in ('/../setup.cfg', '/%2e%2e/trace.py', '/nope.js'):
        assert requests.get(base + path, timeout=10).status_code == 404
    assert requests.post(base + '/', timeout=10).status_code == 405
