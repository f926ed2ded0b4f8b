"""Media on a real S3 server: an image uploaded through the Wagtail admin, its rendition URL
read back through /graphql/, and the image fetched from that URL."""

import io
import json

import boto3
import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import Client
from PIL import Image as PILImage
from wagtail.images import get_image_model


def png_bytes(width=120, height=80) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 120, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_image_upload_to_s3_and_rendition_through_graphql(client, s3_media):
    admin = get_user_model().objects.create_superuser("editrice", "e@example.org", "x")
    client.force_login(admin)
    upload = io.BytesIO(png_bytes())
    upload.name = "echographie.png"
    response = client.post("/admin/images/add/", {"title": "Échographie", "file": upload, "collection": 1})
    assert response.status_code == 302, response.content[:500]

    image = get_image_model().objects.get(title="Échographie")
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_media.endpoint,
        aws_access_key_id=s3_media.access_key,
        aws_secret_access_key=s3_media.secret_key,
        region_name="us-east-1",
    )
    s3.head_object(Bucket=s3_media.bucket, Key=image.file.name)  # the original is on S3

    query = "query($id: ID) { image(id: $id) { rendition(width: 40) { url width height } } }"
    answer = Client().post(
        "/graphql/",
        json.dumps({"query": query, "variables": {"id": image.pk}}),
        content_type="application/json",
    )
    data = answer.json()
    assert "errors" not in data, data
    rendition = data["data"]["image"]["rendition"]
    assert rendition["width"] == 40
    assert rendition["url"].startswith(s3_media.endpoint + "/" + s3_media.bucket + "/")

    fetched = requests.get(rendition["url"], timeout=10)
    assert fetched.status_code == 200
    served = PILImage.open(io.BytesIO(fetched.content))
    assert served.size == (rendition["width"], rendition["height"])
    assert served.width == 40


@pytest.mark.django_db
def test_s3_refuses_a_wrong_key(s3_server):
    from botocore.exceptions import ClientError

    s3 = boto3.client(
        "s3",
        endpoint_url=s3_server.endpoint,
        aws_access_key_id="nobody",
        aws_secret_access_key="wrong",
        region_name="us-east-1",
    )
    with pytest.raises(ClientError) as error:
        s3.put_object(Bucket=s3_server.bucket, Key="intrus.txt", Body=b"x")
    assert error.value.response["Error"]["Code"] == "InvalidAccessKeyId"
