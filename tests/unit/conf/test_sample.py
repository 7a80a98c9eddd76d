"""etc/novalite/novalite.conf.sample lists every option novalite registers (regenerate it
with ``tox -e genconfig`` after adding one); only novalite's own namespace is compared, the
oslo libraries' sections follow whatever versions are installed."""
import os
import re

from oslo_config import generator

ROOT = os.path.join(os.path.dirname(__file__), '..', '..', '..')
SAMPLE = os.path.join(ROOT, 'etc', 'novalite', 'novalite.conf.sample')


def _options(text):
    """{(group, option)} of a sample file's commented-out defaults."""
    found, group = set(), None
    for line in text.splitlines():
        if line.startswith('[') and line.endswith(']'):
            group = line[1:-1]
        else:
            match = re.match(r'^#([a-z0-9_]+) = ', line)
            if match:
                found.add((group, match.group(1)))
    return found


def test_sample_lists_every_novalite_option(tmp_path):
    out = tmp_path / 'novalite.conf'
    generator.main(['--namespace', 'novalite', '--output-file', str(out)])
    registered = _options(out.read_text())
    assert registered, 'the novalite namespace registered no option'
    with open(SAMPLE) as f:
        sample = _options(f.read())
    missing = sorted(registered - sample)
    assert not missing, 'run tox -e genconfig; not in the sample: %s' % missing


def test_options_parser_reads_groups():
    assert _options('[a]\n#x = 1\n[b]\n#y_z = <None>\n# not one\n') == {('a', 'x'),
                                                                        ('b', 'y_z')}
