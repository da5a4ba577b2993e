"""OrjsonTranscoder: typed values come back as the same types, and the bytes are canonical
(the Merkle log hashes them, so equal values must give equal bytes)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.core.values import (
    Actor,
    EventMeta,
    InspectorStatus,
    LicenceStatus,
    OrganizationKind,
    PractitionerKind,
    Role,
    SuspensionPeriod,
)
from domain.registry.organizations import OrganizationDetails
from domain.registry.practitioners import PractitionerDetails
from store.transcoder import OrjsonTranscoder

TRANSCODER = OrjsonTranscoder()
META = EventMeta(
    actor=Actor(principal_id="clerk.a", role=Role.SUPERVISOR),
    reason="依据《律师法》第四十九条",
    effective_on=date(2024, 2, 29),
    command_id="cmd-1",
)


def round_trip(value: Any) -> Any:
    return TRANSCODER.decode(TRANSCODER.encode(value))


@pytest.mark.parametrize(
    "value",
    [
        date(2024, 2, 29),
        datetime(2024, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        datetime(2024, 12, 31, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
        datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
        UUID("6f1c1d52-3b8e-5b0a-9a57-6c0d2f4e8a10"),
        uuid4(),
        (1, "a", date(2024, 1, 1)),
        (),
        {1, 2, 3},
        {"b", "a"},
        set(),
        Role.ADMIN,
        LicenceStatus.SUSPENDED,
        OrganizationKind.APPRAISAL_INSTITUTION,
        PractitionerKind.NOTARY,
        InspectorStatus.INACTIVE,
        META,
        OrganizationDetails(name="北京某律师事务所", address="大兴区", head="赵六"),
        OrganizationDetails(name="n"),
        PractitionerDetails(name="张三", specialties=("婚姻家事", "刑事")),
        SuspensionPeriod(starts_on=date(2024, 7, 1), until=date(2024, 9, 30)),
        "字符串",
        0,
        -(2**53),
        1.5,
        True,
        None,
    ],
    ids=repr,
)
def test_typed_value_round_trips_as_the_same_type(value: Any) -> None:
    decoded = round_trip(value)
    assert decoded == value
    assert type(decoded) is type(value)


def test_date_does_not_come_back_as_datetime() -> None:
    # datetime is a subclass of date: a date must not be widened on the way.
    assert type(round_trip(date(2024, 1, 1))) is date
    assert type(round_trip(datetime(2024, 1, 1, tzinfo=UTC))) is datetime


def test_aware_datetime_keeps_its_instant_and_offset() -> None:
    beijing = datetime(2024, 12, 31, 8, 0, 0, 123456, tzinfo=ZoneInfo("Asia/Shanghai"))
    decoded = round_trip(beijing)
    assert decoded == beijing
    assert decoded.utcoffset() == timedelta(hours=8)
    assert decoded.microsecond == 123456


def test_datetime_in_a_daylight_saving_fold_keeps_its_instant() -> None:
    second_half_thirty = datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York"))
    decoded = round_trip(second_half_thirty)
    assert decoded.timestamp() == second_half_thirty.timestamp()
    assert decoded.utcoffset() == timedelta(hours=-5)


@pytest.mark.parametrize(
    "naive",
    [
        datetime(2024, 1, 1, 12, 0),
        [datetime(2024, 1, 1)],
        {"at": datetime(2024, 1, 1)},
        (1, {"nested": [datetime(2024, 1, 1)]}),
        {datetime(2024, 1, 1)},
    ],
    ids=["bare", "in list", "in dict", "deep in tuple", "in set"],
)
def test_naive_datetime_is_refused(naive: Any) -> None:
    with pytest.raises(TypeError, match="naive datetime"):
        TRANSCODER.encode(naive)


def test_unknown_type_is_refused() -> None:
    with pytest.raises(TypeError):
        TRANSCODER.encode(object())


@pytest.mark.parametrize(
    "value",
    [
        {1: "a"},
        {UUID("6f1c1d52-3b8e-5b0a-9a57-6c0d2f4e8a10"): 1},
        float("nan"),
        float("inf"),
        {"_type_": "date", "_data_": "2024-01-01"},  # a plain dict that looks like a tag
    ],
    ids=["int key", "uuid key", "nan", "infinity", "tag look-alike"],
)
def test_value_that_would_not_come_back_unchanged_is_refused(value: Any) -> None:
    """Like a naive datetime, a value the stored form cannot give back must fail loudly on the
    way in, not come back changed (as a string key, as None, as a date)."""
    with pytest.raises((TypeError, ValueError)):
        TRANSCODER.encode(value)


@pytest.mark.parametrize(
    "text",
    [
        "0.1",
        "1.10",  # trailing zero kept: 1.10 yuan is stored as written
        "-0.00",
        "12345678901234567890.123456789012345678901234567890",
        "1E+3",
        "0.000000000000000000000000001",
    ],
)
def test_decimal_is_exact(text: str) -> None:
    original = Decimal(text)
    decoded = round_trip(original)
    assert isinstance(decoded, Decimal)
    # The same sign, digits and exponent: not merely an equal value, and never via a float.
    assert decoded.as_tuple() == original.as_tuple()
    assert str(decoded) == str(original)


def test_enum_comes_back_as_the_member_itself() -> None:
    assert round_trip(Role.AUDITOR) is Role.AUDITOR
    assert round_trip([LicenceStatus.REVOKED])[0] is LicenceStatus.REVOKED


def test_pydantic_value_objects_keep_their_nested_types() -> None:
    decoded = round_trip(META)
    assert isinstance(decoded, EventMeta)
    assert decoded.actor.role is Role.SUPERVISOR
    assert type(decoded.effective_on) is date
    details = round_trip(PractitionerDetails(name="张三", specialties=("a", "b")))
    assert details.specialties == ("a", "b")


def test_nested_dicts_and_lists_round_trip() -> None:
    org_id = uuid4()
    value = {
        "members": {org_id, uuid4()},
        "versions": {org_id.hex: 3},
        "history": [
            {"on": date(2024, 1, 2), "period": (date(2024, 1, 2), date(2024, 2, 1))},
            [Decimal("100.00"), Role.CLERK, None, [[]], {}],
        ],
        "meta": META,
        "empty": {"list": [], "dict": {}, "tuple": (), "set": set()},
        "text": "中文",
    }
    assert round_trip(value) == value
    decoded = round_trip(value)
    assert type(decoded["history"][0]["period"]) is tuple
    assert type(decoded["members"]) is set


def test_stored_form_is_the_documented_tagged_json() -> None:
    org_id = UUID("6f1c1d52-3b8e-5b0a-9a57-6c0d2f4e8a10")
    stored = orjson.loads(
        TRANSCODER.encode(
            {"id": org_id, "on": date(2024, 1, 2), "fee": Decimal("1.10"), "role": Role.ADMIN}
        )
    )
    assert stored == {
        "id": {"_type_": "uuid", "_data_": org_id.hex},
        "on": {"_type_": "date", "_data_": "2024-01-02"},
        "fee": {"_type_": "decimal", "_data_": "1.10"},
        "role": {"_type_": "enum:ledger.value.Role", "_data_": "admin"},
    }
    model = orjson.loads(
        TRANSCODER.encode(SuspensionPeriod(starts_on=date(2024, 1, 1), until=date(2024, 2, 1)))
    )
    assert model == {
        "_type_": "model:ledger.value.SuspensionPeriod",
        "_data_": {"starts_on": "2024-01-01", "until": "2024-02-01"},
    }


def test_output_has_sorted_keys_and_no_whitespace() -> None:
    encoded = TRANSCODER.encode({"b": 1, "a": {"d": 2, "c": [3]}})
    assert encoded == b'{"a":{"c":[3],"d":2},"b":1}'


def test_equal_inputs_give_identical_bytes() -> None:
    first = {"z": 1, "a": {"y": 2, "b": 3}, "s": {"q", "w", "e", "r", "t", "y"}}
    second = {"a": {"b": 3, "y": 2}, "s": {"y", "t", "r", "e", "w", "q"}, "z": 1}
    assert first == second
    assert TRANSCODER.encode(first) == TRANSCODER.encode(second)
    # Sets of typed values too (member ids of an organization, in any order).
    ids = [uuid4() for _ in range(20)]
    assert TRANSCODER.encode(set(ids)) == TRANSCODER.encode(set(reversed(ids)))


# orjson refuses integers outside 64 bits (with TypeError, not silently).
int64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
# Fixed offsets: Python never calls a zoneinfo time in a DST fold equal to the same instant in
# another zone, so zone names would make `==` fail where the instant is kept (tested apart).
fixed_offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
scalars = (
    st.none()
    | st.booleans()
    | int64
    | st.text(max_size=10)
    | st.dates()
    | st.datetimes(timezones=fixed_offsets)
    | st.uuids()
    | st.decimals(allow_nan=False, allow_infinity=False)
    | st.sampled_from([*Role, *LicenceStatus, *OrganizationKind])
)
hashables = st.none() | int64 | st.text(max_size=10) | st.dates() | st.uuids()
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.dictionaries(st.text(max_size=5), children, max_size=4)
        | st.frozensets(hashables, max_size=4).map(set)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(values)
def test_any_value_tree_round_trips_to_equal_value_and_canonical_bytes(value: Any) -> None:
    encoded = TRANSCODER.encode(value)
    decoded = TRANSCODER.decode(encoded)
    assert decoded == value
    # Decoding and encoding again reproduces the stored bytes exactly.
    assert TRANSCODER.encode(decoded) == encoded
