"""``novalite-manage db sync`` / ``db version`` as a user runs them (a subprocess, SQLite)."""
import os
import shutil
import subprocess
import sys

import sqlalchemy as sa

from novalite.db import migration
from novalite.db import models


def manage(config_file, *args):
    exe = shutil.which('novalite-manage')
    cmd = [exe] if exe else [sys.executable, '-m', 'novalite.cmd.manage']
    proc = subprocess.run(cmd + ['--config-file', str(config_file)] + list(args),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ''


def write_config(tmp_path):
    path = tmp_path / 'novalite.conf'
    path.write_text('[DEFAULT]\nstate_dir = %s\n[database]\nconnection = sqlite:///%s\n'
                    % (tmp_path, tmp_path / 'manage.db'))
    return path


def test_db_sync_then_version(tmp_path):
    config = write_config(tmp_path)
    assert manage(config, 'db', 'version') == 'None'
    assert manage(config, 'db', 'sync').endswith(migration.head())
    assert manage(config, 'db', 'version') == migration.head()
    # a second sync is a no-op
    manage(config, 'db', 'sync')
    assert manage(config, 'db', 'version') == migration.head()
    engine = sa.create_engine('sqlite:///%s' % (tmp_path / 'manage.db'))
    try:
        assert set(models.Base.metadata.tables) <= set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_db_sync_adopts_pre_migration_database(tmp_path):
    config = write_config(tmp_path)
    # the schema of the last release before migrations (revision 0001), with no revision row
    engine = sa.create_engine('sqlite:///%s' % os.path.join(tmp_path, 'manage.db'))
    try:
        migration.upgrade(engine, migration.INITIAL_REVISION)
        with engine.begin() as conn:
            conn.execute(sa.text('DROP TABLE %s' % migration.VERSION_TABLE))
    finally:
        engine.dispose()
    assert manage(config, 'db', 'version') == 'None'
    manage(config, 'db', 'sync')
    assert manage(config, 'db', 'version') == migration.head()
