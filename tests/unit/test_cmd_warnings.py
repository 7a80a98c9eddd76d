"""What a user sees at start-up: the console entry points (novalite.cmd) import eventlet
without its deprecation warning; imported anywhere else, novalite.concurrency still warns.
Each case runs in a fresh interpreter, since the warning comes once, at eventlet's import."""
import subprocess
import sys

import pytest

WARNING = 'Eventlet is deprecated'


def _stderr(code, *options):
    proc = subprocess.run([sys.executable, *options, '-c', code], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stderr


def test_console_entry_points_import_eventlet_quietly():
    assert _stderr('import novalite.cmd; import novalite.cmd.manage') == ''


def test_concurrency_still_warns_outside_the_console():
    assert WARNING in _stderr('import novalite.concurrency')


@pytest.mark.parametrize('option', ['-Wdefault', '-Walways'])
def test_explicit_warning_options_win(option):
    assert WARNING in _stderr('import novalite.cmd', option)
