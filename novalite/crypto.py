"""Key pairs: SSH RSA generation, x509 certificates and Nova's fingerprints.

SSH fingerprints are the MD5 of the decoded key blob as colon-separated hex pairs (what
``ssh-keygen -l -E md5`` prints and Nova stores); x509 fingerprints are the SHA-1 of the
certificate, the same way.
"""
import base64
import binascii
import datetime
import hashlib

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from novalite import exception


def _colons(hexdigest):
    return ':'.join(hexdigest[i:i + 2] for i in range(0, len(hexdigest), 2))


def ssh_fingerprint(public_key):
    """Nova's fingerprint of an OpenSSH public key line; 400 when it is not one."""
    try:
        serialization.load_ssh_public_key(public_key.strip().encode('utf-8'))
        blob = base64.b64decode(public_key.split()[1], validate=True)
    except (ValueError, IndexError, TypeError, UnicodeError, UnsupportedAlgorithm):
        raise exception.InvalidKeypair(reason='failed to generate fingerprint')
    return _colons(hashlib.md5(blob, usedforsecurity=False).hexdigest())


def x509_fingerprint(pem):
    try:
        cert = x509.load_pem_x509_certificate(pem.encode('utf-8'))
    except (ValueError, TypeError, UnicodeError) as exc:
        raise exception.InvalidKeypair(
            reason='failed to generate X509 fingerprint. Error message: %s' % exc)
    return _colons(binascii.hexlify(cert.fingerprint(hashes.SHA1())).decode('ascii'))


def fingerprint(public_key, key_type):
    return x509_fingerprint(public_key) if key_type == 'x509' else ssh_fingerprint(public_key)


def generate_ssh_key_pair(bits=2048):
    """(private key PEM, public key line, fingerprint) of a new RSA key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    private = key.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption()).decode('ascii')
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                           serialization.PublicFormat.OpenSSH).decode('ascii')
    public = '%s Generated-by-Nova' % public
    return private, public, ssh_fingerprint(public)


def generate_x509_cert(user_id, bits=2048):
    """(private key PEM, self-signed certificate PEM, fingerprint) for WinRM-style login."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, str(user_id) or 'nova')])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    private = key.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode('ascii')
    pem = cert.public_bytes(serialization.Encoding.PEM).decode('ascii')
    return private, pem, x509_fingerprint(pem)
