"""Dask over TLS: `reviewer batch --scheduler tls://... --tls-ca-file --tls-cert --tls-key`
against a cluster that requires certificates from the firm's own CA (mutual TLS).

The certificates are made here, for this test only: a throwaway CA, one
certificate for the cluster and one for the client, and a second CA whose
client certificate the cluster must refuse.
"""

from __future__ import annotations

import datetime
import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reviewer.batch import BatchOptions, run_batch
from reviewer.batch.runner import DaskTls
from reviewer.errors import ReviewerError

distributed = pytest.importorskip("distributed")
x509 = pytest.importorskip("cryptography.x509")

from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402


@dataclass
class Pair:
    cert: Path
    key: Path


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _write(
    folder: Path, stem: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey
) -> Pair:
    pair = Pair(folder / f"{stem}.pem", folder / f"{stem}-key.pem")
    pair.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pair.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return pair


def _authority(
    folder: Path, stem: str
) -> tuple[Pair, x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{stem} test CA"))
        .issuer_name(_name(f"{stem} test CA"))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return _write(folder, stem, cert, key), cert, key


def _issue(
    folder: Path, stem: str, ca_cert: x509.Certificate, ca_key: ec.EllipticCurvePrivateKey
) -> Pair:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(stem))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    return _write(folder, stem, cert, key)


@dataclass
class Certificates:
    ca: Pair
    cluster: Pair
    client: Pair
    stranger_ca: Pair
    stranger: Pair


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    folder = tmp_path_factory.mktemp("tls")
    ca, ca_cert, ca_key = _authority(folder, "firm")
    other, other_cert, other_key = _authority(folder, "stranger")
    return Certificates(
        ca=ca,
        cluster=_issue(folder, "cluster", ca_cert, ca_key),
        client=_issue(folder, "client", ca_cert, ca_key),
        stranger_ca=other,
        stranger=_issue(folder, "stranger-client", other_cert, other_key),
    )


@pytest.fixture(scope="module")
def tls_cluster(certs: Certificates) -> Iterator[str]:
    from distributed.security import Security

    # What `dask scheduler/worker --tls-ca-file ca.pem --tls-cert cluster.pem --tls-key
    # cluster-key.pem` set up (the README shows those commands).
    security = Security(
        tls_ca_file=str(certs.ca.cert),
        tls_scheduler_cert=str(certs.cluster.cert),
        tls_scheduler_key=str(certs.cluster.key),
        tls_worker_cert=str(certs.cluster.cert),
        tls_worker_key=str(certs.cluster.key),
        tls_client_cert=str(certs.cluster.cert),
        tls_client_key=str(certs.cluster.key),
        require_encryption=True,
    )
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, protocol="tls://",
        host="127.0.0.1", security=security, dashboard_address=None,
    ) as cluster:  # fmt: skip
        assert cluster.scheduler_address.startswith("tls://")
        yield cluster.scheduler_address


def test_a_batch_runs_on_a_tls_cluster_with_the_firms_certificates(
    contracts: Path, tmp_path: Path, certs: Certificates, tls_cluster: str
) -> None:
    tls = DaskTls(ca_file=certs.ca.cert, cert_file=certs.client.cert, key_file=certs.client.key)
    result = run_batch(
        [str(contracts)],
        BatchOptions(out=tmp_path / "out", profile="kz", scheduler=tls_cluster, tls=tls),
    )
    assert (result.reviewed, len(result.errors)) == (3, 1)
    assert "broken.pdf" in result.errors[0].message


def test_a_client_with_another_cas_certificate_is_refused(
    contracts: Path, tmp_path: Path, certs: Certificates, tls_cluster: str
) -> None:
    tls = DaskTls(
        ca_file=certs.stranger_ca.cert, cert_file=certs.stranger.cert, key_file=certs.stranger.key
    )
    options = BatchOptions(
        out=tmp_path / "out", profile="kz", scheduler=tls_cluster, tls=tls, connect_timeout_s=5
    )
    with pytest.raises(ReviewerError, match="cannot reach the Dask scheduler"):
        run_batch([str(contracts)], options)


def test_tls_mistakes_are_named_before_connecting(
    contracts: Path, tmp_path: Path, certs: Certificates
) -> None:
    missing = DaskTls(ca_file=tmp_path / "nope.pem", cert_file=certs.client.cert)
    with pytest.raises(ReviewerError, match=r"nope\.pem: TLS file not found"):
        run_batch(
            [str(contracts)],
            BatchOptions(out=tmp_path / "a", scheduler="tls://127.0.0.1:1", tls=missing),
        )
    plain = DaskTls(ca_file=certs.ca.cert, cert_file=certs.client.cert)
    with pytest.raises(ReviewerError, match="tls:// scheduler address"):
        run_batch(
            [str(contracts)],
            BatchOptions(out=tmp_path / "b", scheduler="tcp://127.0.0.1:1", tls=plain),
        )
