#!/usr/bin/env python3
"""Write a tiny OCI image layout (one file in one layer) without docker.

usage: make-oci-image.py DIR [TAG]

DIR gets oci-layout, index.json and blobs/sha256/: an uncompressed tar layer
holding /hello.txt, an image config and a manifest tagged TAG (default
"latest"), ready for `skopeo copy oci:DIR:TAG docker://...`.
"""
import hashlib
import io
import json
import os
import sys
import tarfile


def write_blob(root, data):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(root, "blobs", "sha256", digest), "wb") as f:
        f.write(data)
    return "sha256:" + digest, len(data)


def layer_tar():
    buf = io.BytesIO()
    body = b"hello from the libtcss GitLab sample\n"
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        info = tarfile.TarInfo("hello.txt")
        info.size = len(body)
        info.mode = 0o644
        info.mtime = 0
        tar.addfile(info, io.BytesIO(body))
    return buf.getvalue()


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.strip().splitlines()[2])
    root = sys.argv[1]
    tag = sys.argv[2] if len(sys.argv) == 3 else "latest"
    os.makedirs(os.path.join(root, "blobs", "sha256"), exist_ok=True)

    layer = layer_tar()
    layer_digest, layer_size = write_blob(root, layer)
    config = json.dumps({
        "architecture": "amd64",
        "os": "linux",
        "config": {"Cmd": ["/hello.txt"]},
        "rootfs": {"type": "layers", "diff_ids": [layer_digest]},
    }, sort_keys=True).encode()
    config_digest, config_size = write_blob(root, config)
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": config_digest, "size": config_size},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                    "digest": layer_digest, "size": layer_size}],
    }, sort_keys=True).encode()
    manifest_digest, manifest_size = write_blob(root, manifest)

    with open(os.path.join(root, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    with open(os.path.join(root, "index.json"), "w") as f:
        json.dump({
            "schemaVersion": 2,
            "manifests": [{
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "digest": manifest_digest, "size": manifest_size,
                "annotations": {"org.opencontainers.image.ref.name": tag},
            }],
        }, f)
    print(manifest_digest)


if __name__ == "__main__":
    main()
