"""Key pairs (Nova's KeypairAPI): what os-keypairs reads and writes, per user.

``create`` is the one way a key pair is made: the user's key_pairs quota, the key generated
(ssh, or x509) unless one is imported, and the insert under the project's quota lock (counted
again there, so concurrent creates cannot pass the limit together).
"""
from novalite import crypto
from novalite import quota
from novalite.db import keypairs as keypair_db


def create(context, conf, user_id, name, key_type='ssh', public_key=None):
    """(the new key pair, its private key or None when ``public_key`` was imported)."""
    quota.check_key_pairs(context, user_id, conf)
    private_key = None
    if public_key is not None:
        fingerprint = crypto.fingerprint(public_key, key_type)
    elif key_type == 'x509':
        private_key, public_key, fingerprint = crypto.generate_x509_cert(user_id)
    else:
        private_key, public_key, fingerprint = crypto.generate_ssh_key_pair()
    with quota.key_pair_create_transaction(context, user_id, conf) as session:
        keypair = keypair_db.keypair_create({'name': name, 'user_id': user_id, 'type': key_type,
                                             'public_key': public_key,
                                             'fingerprint': fingerprint}, session=session)
    return keypair, private_key


def get(user_id, name):
    """The user's key pair; 404 when there is none of that name."""
    return keypair_db.keypair_get(user_id, name)


def list_keypairs(user_id, limit=None, marker=None):
    return keypair_db.keypair_get_all(user_id, limit=limit, marker=marker)


def delete(user_id, name):
    keypair_db.keypair_destroy(user_id, name)
