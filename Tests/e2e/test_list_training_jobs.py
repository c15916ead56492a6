"""ListTrainingJobs with boto3: filters, sorting, page sizes, NextToken and boto3's paginator."""
import json
import time
from datetime import timedelta

import pytest
import requests
from botocore.exceptions import ClientError

from e2e_support import error_code, error_message, training_request, unique_name, wait_for


@pytest.fixture(scope="module")
def jobs(server, tmp_path_factory):
    """A private corner of the server: 25 jobs whose names share a marker, created one by one so their creation
    times differ, in three groups that start on fresh wall-clock seconds (boto3 sends timestamps in whole seconds):
    3 fail (exit code 2), 2 are still running (long sleep), the rest complete."""
    sm = server.sagemaker()
    out = tmp_path_factory.mktemp("output")
    marker = unique_name("lst").replace("-", "x")
    names, failed, running = [], [], []
    for i in range(25):
        if i in (0, 10, 20):
            time.sleep(1.02 - time.time() % 1)
        # Mixed case and a non-monotonic order of names, so sorting by name differs from creation order.
        name = f"{marker}-{'B' if i % 2 else 'a'}{(i * 7) % 25:02d}"
        hp = {}
        if i in (3, 11, 19):
            hp["exit_code"] = 2
            failed.append(name)
        elif i in (7, 22):
            hp["sleep"] = 60
            running.append(name)
        sm.create_training_job(**training_request(name, out, hyperparameters=hp))
        names.append(name)
        time.sleep(0.005)
    for name in names:
        if name not in running:
            wait_for(sm, name)
    yield {"marker": marker, "names": names, "failed": failed, "running": running}
    for name in running:
        sm.stop_training_job(TrainingJobName=name)
    for name in running:
        wait_for(sm, name)


def raw_list(server, **body):
    """ListTrainingJobs over plain HTTP, for timestamps finer than the whole seconds boto3 sends."""
    response = requests.post(server.url + "/", data=json.dumps(body), headers={
        "X-Amz-Target": "SageMaker.ListTrainingJobs", "Content-Type": "application/x-amz-json-1.1"})
    assert response.status_code == 200, response.text
    return response.json()


def list_all(sm, **kwargs):
    summaries = []
    token = None
    for _ in range(100):
        response = sm.list_training_jobs(**kwargs, **({"NextToken": token} if token else {}))
        summaries += response["TrainingJobSummaries"]
        token = response.get("NextToken")
        if not token:
            return summaries
    raise AssertionError("NextToken never ran out")


def names_of(summaries):
    return [s["TrainingJobName"] for s in summaries]


def test_summary_fields(server, jobs):
    sm = server.sagemaker()
    summaries = list_all(sm, NameContains=jobs["marker"], MaxResults=100)
    assert len(summaries) == 25
    for summary in summaries:
        assert set(summary) >= {"TrainingJobName", "TrainingJobArn", "CreationTime", "TrainingJobStatus",
                                "LastModifiedTime", "SecondaryStatus"}, summary
        assert summary["TrainingJobArn"].endswith(":training-job/" + summary["TrainingJobName"].lower())
        if summary["TrainingJobStatus"] in ("Completed", "Failed"):
            assert "TrainingEndTime" in summary, summary
        else:
            assert "TrainingEndTime" not in summary, summary


def test_default_page_is_ten_in_ascending_creation_order(server, jobs):
    sm = server.sagemaker()
    response = sm.list_training_jobs(NameContains=jobs["marker"])
    assert names_of(response["TrainingJobSummaries"]) == jobs["names"][:10]
    assert response.get("NextToken"), "a truncated listing has a NextToken"


def test_name_contains_is_case_insensitive(server, jobs):
    sm = server.sagemaker()
    upper = list_all(sm, NameContains=jobs["marker"].upper() + "-b", MaxResults=100)
    assert sorted(names_of(upper)) == sorted(n for n in jobs["names"] if "-B" in n)
    assert list_all(sm, NameContains=jobs["marker"] + "-nothing") == []


def test_status_equals(server, jobs):
    sm = server.sagemaker()
    assert sorted(names_of(list_all(sm, NameContains=jobs["marker"], StatusEquals="Failed"))) == sorted(jobs["failed"])
    assert sorted(names_of(list_all(sm, NameContains=jobs["marker"], StatusEquals="InProgress"))) == sorted(jobs["running"])
    completed = list_all(sm, NameContains=jobs["marker"], StatusEquals="Completed", MaxResults=7)
    assert len(completed) == 25 - 3 - 2
    assert all(s["TrainingJobStatus"] == "Completed" for s in completed)
    assert list_all(sm, NameContains=jobs["marker"], StatusEquals="Stopping") == []


def whole_second(moment):
    return moment.replace(microsecond=0)


def test_creation_time_filters(server, jobs):
    sm = server.sagemaker()
    summaries = list_all(sm, NameContains=jobs["marker"], MaxResults=100)
    created = {s["TrainingJobName"]: s["CreationTime"] for s in summaries}
    # The second in which the second group started: every job of the first group was created before it.
    cut = whole_second(created[jobs["names"][10]])
    after = names_of(list_all(sm, NameContains=jobs["marker"], CreationTimeAfter=cut, MaxResults=100))
    before = names_of(list_all(sm, NameContains=jobs["marker"], CreationTimeBefore=cut, MaxResults=100))
    assert after == [n for n in jobs["names"] if created[n] > cut]
    assert before == [n for n in jobs["names"] if created[n] < cut]
    assert before == jobs["names"][:10], f"the first group was created before {cut}"
    assert after[:10] == jobs["names"][10:20]
    last_cut = whole_second(created[jobs["names"][20]])
    window = names_of(list_all(sm, NameContains=jobs["marker"], CreationTimeAfter=cut, CreationTimeBefore=last_cut))
    assert window == jobs["names"][10:20]
    assert list_all(sm, NameContains=jobs["marker"], CreationTimeAfter=whole_second(
        max(created.values())) + timedelta(seconds=1)) == []


def test_creation_time_filters_are_exclusive(server, jobs):
    """With exact (fractional) timestamps: After and Before exclude a job created at that very instant."""
    listed = raw_list(server, NameContains=jobs["marker"], MaxResults=100)["TrainingJobSummaries"]
    pivot = listed[12]["CreationTime"]
    assert isinstance(pivot, float)
    after = raw_list(server, NameContains=jobs["marker"], MaxResults=100, CreationTimeAfter=pivot)
    before = raw_list(server, NameContains=jobs["marker"], MaxResults=100, CreationTimeBefore=pivot)
    assert names_of(after["TrainingJobSummaries"]) == jobs["names"][13:]
    assert names_of(before["TrainingJobSummaries"]) == jobs["names"][:12]


def test_last_modified_time_filters(server, jobs):
    sm = server.sagemaker()
    summaries = list_all(sm, NameContains=jobs["marker"], MaxResults=100)
    modified = {s["TrainingJobName"]: s["LastModifiedTime"] for s in summaries}
    cuts = sorted({whole_second(t) for t in modified.values()} | {whole_second(t) + timedelta(seconds=1)
                                                                   for t in modified.values()})
    for cut in cuts:
        after = set(names_of(list_all(sm, NameContains=jobs["marker"], LastModifiedTimeAfter=cut, MaxResults=100)))
        before = set(names_of(list_all(sm, NameContains=jobs["marker"], LastModifiedTimeBefore=cut, MaxResults=100)))
        assert after == {n for n, t in modified.items() if t > cut}, f"LastModifiedTimeAfter {cut}"
        assert before == {n for n, t in modified.items() if t < cut}, f"LastModifiedTimeBefore {cut}"
    assert list_all(sm, NameContains=jobs["marker"], LastModifiedTimeAfter=cuts[-1]) == []
    assert list_all(sm, NameContains=jobs["marker"], LastModifiedTimeBefore=cuts[0]) == []
    listed = raw_list(server, NameContains=jobs["marker"], MaxResults=100)["TrainingJobSummaries"]
    exact = sorted(s["LastModifiedTime"] for s in listed)
    pivot = exact[10]
    after = raw_list(server, NameContains=jobs["marker"], MaxResults=100, LastModifiedTimeAfter=pivot)
    assert {s["TrainingJobName"] for s in after["TrainingJobSummaries"]} == {
        s["TrainingJobName"] for s in listed if s["LastModifiedTime"] > pivot}


@pytest.mark.parametrize("order", ["Ascending", "Descending"])
def test_sort_by_name(server, jobs, order):
    sm = server.sagemaker()
    got = names_of(list_all(sm, NameContains=jobs["marker"], SortBy="Name", SortOrder=order, MaxResults=6))
    expected = sorted(jobs["names"], reverse=order == "Descending")
    assert got == expected, "SortBy Name orders by the name's characters"


@pytest.mark.parametrize("order", ["Ascending", "Descending"])
def test_sort_by_creation_time(server, jobs, order):
    sm = server.sagemaker()
    got = names_of(list_all(sm, NameContains=jobs["marker"], SortBy="CreationTime", SortOrder=order, MaxResults=4))
    assert got == (jobs["names"] if order == "Ascending" else jobs["names"][::-1])


@pytest.mark.parametrize("order", ["Ascending", "Descending"])
def test_sort_by_status(server, jobs, order):
    sm = server.sagemaker()
    summaries = list_all(sm, NameContains=jobs["marker"], SortBy="Status", SortOrder=order, MaxResults=3)
    statuses = [s["TrainingJobStatus"] for s in summaries]
    assert statuses == sorted(statuses, reverse=order == "Descending")
    assert sorted(names_of(summaries)) == sorted(jobs["names"])


def test_max_results_limits(server, jobs):
    sm = server.sagemaker()
    for size in (1, 4, 100):
        response = sm.list_training_jobs(NameContains=jobs["marker"], MaxResults=size)
        assert len(response["TrainingJobSummaries"]) == min(size, 25)
        assert ("NextToken" in response) == (size < 25)
    unchecked = server.sagemaker(parameter_validation=False)  # botocore itself refuses 0 before sending
    for bad in (0, 101):
        with pytest.raises(ClientError) as excinfo:
            unchecked.list_training_jobs(MaxResults=bad)
        assert error_code(excinfo) == "ValidationException"
        assert "maxResults" in error_message(excinfo), error_message(excinfo)


def test_invalid_next_token(server, jobs):
    sm = server.sagemaker()
    with pytest.raises(ClientError) as excinfo:
        sm.list_training_jobs(NextToken="not-a-token")
    assert error_code(excinfo) == "ValidationException"


def test_paginator_walks_every_page(server, jobs):
    sm = server.sagemaker()
    paginator = sm.get_paginator("list_training_jobs")
    pages = list(paginator.paginate(NameContains=jobs["marker"], PaginationConfig={"PageSize": 4}))
    assert [len(p["TrainingJobSummaries"]) for p in pages] == [4, 4, 4, 4, 4, 4, 1]
    names = [s["TrainingJobName"] for p in pages for s in p["TrainingJobSummaries"]]
    assert len(names) == len(set(names)), "a job appeared twice"
    assert names == jobs["names"], "pages must cover every job, in creation order, without gaps"
    assert "NextToken" not in pages[-1]


def test_paginator_with_sort_and_filter(server, jobs):
    sm = server.sagemaker()
    paginator = sm.get_paginator("list_training_jobs")
    pages = paginator.paginate(NameContains=jobs["marker"], SortBy="Name", SortOrder="Descending",
                               StatusEquals="Completed", PaginationConfig={"PageSize": 4})
    names = [s["TrainingJobName"] for p in pages for s in p["TrainingJobSummaries"]]
    expected = sorted((n for n in jobs["names"] if n not in jobs["failed"] + jobs["running"]), reverse=True)
    assert names == expected


def test_paginator_max_items_resumes(server, jobs):
    sm = server.sagemaker()
    paginator = sm.get_paginator("list_training_jobs")
    first = paginator.paginate(NameContains=jobs["marker"],
                               PaginationConfig={"PageSize": 4, "MaxItems": 10}).build_full_result()
    assert len(first["TrainingJobSummaries"]) == 10
    rest = paginator.paginate(NameContains=jobs["marker"], PaginationConfig={
        "PageSize": 4, "StartingToken": first["NextToken"]}).build_full_result()
    names = names_of(first["TrainingJobSummaries"]) + names_of(rest["TrainingJobSummaries"])
    assert names == jobs["names"]


def test_pagination_is_stable_while_jobs_are_created(server, jobs, tmp_path):
    """A job created between two pages must neither repeat a job nor hide one of the original set."""
    sm = server.sagemaker()
    first = sm.list_training_jobs(NameContains=jobs["marker"], MaxResults=5)
    extra = jobs["marker"] + "-zz-late"
    sm.create_training_job(**training_request(extra, tmp_path))
    try:
        names = names_of(first["TrainingJobSummaries"])
        token = first["NextToken"]
        while token:
            page = sm.list_training_jobs(NameContains=jobs["marker"], MaxResults=5, NextToken=token)
            names += names_of(page["TrainingJobSummaries"])
            token = page.get("NextToken")
        assert names == jobs["names"] + [extra]
    finally:
        wait_for(sm, extra)
        sm.delete_training_job(TrainingJobName=extra)
