"""Production storage: the PLEIN_S3_* settings, and the library against a real
S3-compatible server on localhost (moto in server mode), through django-storages."""

import runpy
import uuid
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from django.urls import reverse
from moto.server import ThreadedMotoServer

from plein.library.models import Resource
from plein.library.tests.helpers import PDF, office, share_file, stored_name, upload

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "settings.py"
KEYS = {"aws_access_key_id": "plein-test", "aws_secret_access_key": "plein-test-secret"}


def storages_with(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict:
    """STORAGES as plein/settings.py builds it from these environment variables."""
    for name in (
        "PLEIN_S3_BUCKET",
        "PLEIN_S3_ENDPOINT_URL",
        "PLEIN_S3_ACCESS_KEY",
        "PLEIN_S3_SECRET_KEY",
        "PLEIN_S3_SECRET_KEY_FILE",
        "PLEIN_S3_REGION",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))["STORAGES"]


def test_files_stay_on_disk_unless_a_bucket_is_configured(monkeypatch):
    default = storages_with(monkeypatch)["default"]
    assert default == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_the_bucket_settings_come_from_the_environment(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("uit-een-bestand\n")
    default = storages_with(
        monkeypatch,
        PLEIN_S3_BUCKET="plein-bestanden",
        PLEIN_S3_ENDPOINT_URL="https://s3.example",
        PLEIN_S3_ACCESS_KEY="sleutel",
        PLEIN_S3_SECRET_KEY_FILE=str(secret),
        PLEIN_S3_REGION="eu-west-1",
    )["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert options["bucket_name"] == "plein-bestanden"
    assert options["endpoint_url"] == "https://s3.example"
    assert (options["access_key"], options["secret_key"]) == ("sleutel", "uit-een-bestand")
    assert options["region_name"] == "eu-west-1"
    assert options["default_acl"] is None and options["file_overwrite"] is False


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A fresh bucket, and Plein configured for it exactly as the settings would be."""
    name = f"plein-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **KEYS)
    client.create_bucket(Bucket=name)
    storages = storages_with(
        monkeypatch,
        PLEIN_S3_BUCKET=name,
        PLEIN_S3_ENDPOINT_URL=s3_endpoint,
        PLEIN_S3_ACCESS_KEY=KEYS["aws_access_key_id"],
        PLEIN_S3_SECRET_KEY=KEYS["aws_secret_access_key"],
        PLEIN_S3_REGION="us-east-1",
    )
    settings.STORAGES = {**settings.STORAGES, "default": storages["default"]}
    return client, name


def keys(client, bucket_name: str) -> list[str]:
    listing = client.list_objects_v2(Bucket=bucket_name)
    return sorted(item["Key"] for item in listing.get("Contents", []))


@pytest.mark.django_db
def test_a_shared_file_goes_to_the_bucket_and_comes_back_only_through_plein(
    client, personas, bucket
):
    s3, name = bucket
    resource = share_file(personas.member, personas.youth_care)
    assert keys(s3, name) == [stored_name(resource)]
    assert s3.get_object(Bucket=name, Key=stored_name(resource))["Body"].read() == PDF
    grants = s3.get_object_acl(Bucket=name, Key=stored_name(resource))["Grants"]
    assert not [g for g in grants if "AllUsers" in str(g.get("Grantee", {}).get("URI", ""))]

    client.force_login(personas.colleague)
    response = client.get(reverse("library:download", args=[resource.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="Modelcontract jeugdzorg.pdf"'
    assert Resource.objects.get().download_count == 1


@pytest.mark.django_db
def test_replaced_and_deleted_files_leave_the_bucket(client, personas, bucket):
    s3, name = bucket
    resource = share_file(personas.member, personas.youth_care)
    first = stored_name(resource)
    client.force_login(personas.member)
    client.post(
        reverse("library:edit", args=[resource.pk]),
        {
            "title": resource.title,
            "theme": personas.youth_care.slug,
            "tags": "",
            "description": "",
            "file": upload("Checklist.docx", office("docx")),
        },
    )
    resource.refresh_from_db()
    assert keys(s3, name) == [stored_name(resource)] and stored_name(resource) != first
    client.post(reverse("library:delete", args=[resource.pk]))
    assert keys(s3, name) == []


@pytest.mark.django_db
def test_an_object_missing_from_the_bucket_is_a_404(client, personas, bucket):
    s3, name = bucket
    resource = share_file(personas.member, personas.youth_care)
    s3.delete_object(Bucket=name, Key=stored_name(resource))
    client.force_login(personas.colleague)
    assert client.get(reverse("library:download", args=[resource.pk])).status_code == 404
