"""One AddAssetImageRegistryRegistryDetail with the official Python SDK
(tencentcloud-sdk-python-intl-en, tcss module only), the way its README
calls an API: bench_tccli.py's "Python SDK" peer.

    sdk_add.py NAME URL      (credentials and TCSS_ENDPOINT from the
                              environment, password from TCSS_REGISTRY_PASSWORD)
"""
import os
import sys

from tencentcloud.common import credential
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.tcss.v20201101 import models, tcss_client

name, url = sys.argv[1], sys.argv[2]
scheme, host = os.environ["TCSS_ENDPOINT"].split("://", 1)
client = tcss_client.TcssClient(
    credential.Credential(os.environ["TENCENTCLOUD_SECRET_ID"], os.environ["TENCENTCLOUD_SECRET_KEY"]),
    "ap-singapore",
    ClientProfile(httpProfile=HttpProfile(protocol=scheme, endpoint=host.rstrip("/"))))
req = models.AddAssetImageRegistryRegistryDetailRequest()
req.Name, req.Url, req.RegistryType, req.Username = name, url, "harbor", "bench"
req.Password, req.NetType, req.RegistryVersion = os.environ["TCSS_REGISTRY_PASSWORD"], "public", "V2"
resp = client.AddAssetImageRegistryRegistryDetail(req)
print(resp.to_json_string())
