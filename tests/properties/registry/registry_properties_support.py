"""The world and commands of the registry properties: a few records, hypothesis strategies for
command sequences, a ledger that keeps live objects, and `plan`: what each command must write."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate
from hypothesis import strategies as st

from domain.core.values import (
    EventMeta,
    OrganizationKind,
    PractitionerKind,
    Role,
)
from domain.ledger import CommandResult, ComplianceLedger
from domain.registry.inspectors import (
    Inspector,
    InspectorDetails,
)
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)
from domain.registry.practitioners import (
    Practitioner,
    PractitionerDetails,
)
from store.config import parse_database_url
from tests.conftest import TODAY, fixed_clock, sqlite_memory_url

# A small world, so that commands collide: duplicates, wrong kinds, closed records, members.
ORGANIZATIONS = [
    (OrganizationKind.LAW_FIRM, "O-1"),
    (OrganizationKind.LAW_FIRM, "O-2"),
    (OrganizationKind.NOTARY_OFFICE, "O-1"),  # same number, other kind: another organization
]
PRACTITIONERS = [
    (PractitionerKind.LAWYER, "P-1"),
    (PractitionerKind.LAWYER, "P-2"),
    (PractitionerKind.NOTARY, "P-3"),
]
INSPECTORS = ["I-1", "I-2"]

ORGANIZATION_IDS = [Organization.create_id(kind, number) for kind, number in ORGANIZATIONS]
PRACTITIONER_IDS = [Practitioner.create_id(kind, number) for kind, number in PRACTITIONERS]
INSPECTOR_IDS = [Inspector.create_id(number) for number in INSPECTORS]


def spelled(number: str, how: int) -> str:
    """The same number as a clerk might type it."""
    return [number, number.lower(), f"  {number} ", number.replace("-", " - ")][how]


class RecordingLedger(ComplianceLedger):
    """Keeps the live object of every aggregate it saved, as the command left it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.live: dict[UUID, Aggregate] = {}

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        recordings = super().save(*objs, **kwargs)
        for obj in objs:
            self.live[obj.id] = obj
        return recordings


@contextmanager
def fresh_ledger() -> Iterator[RecordingLedger]:
    ledger = RecordingLedger(env=parse_database_url(sqlite_memory_url()).env, clock=fixed_clock)
    try:
        yield ledger
    finally:
        ledger.close()


# -- commands --------------------------------------------------------------------------------

Command = tuple[Any, ...]
indexes = st.integers(min_value=0, max_value=2)
licensee = st.tuples(st.sampled_from(["organization", "practitioner"]), indexes)

registrations: st.SearchStrategy[Command] = st.one_of(
    st.tuples(st.just("register_organization"), indexes, st.integers(0, 3)),
    st.tuples(st.just("register_practitioner"), indexes, st.integers(0, 3)),
    st.tuples(st.just("register_inspector"), st.integers(0, 1), st.integers(0, 3)),
)
matching_pairs = st.sampled_from([(0, 0), (0, 1), (1, 0), (1, 1), (2, 2)])


def weighted(*choices: tuple[int, st.SearchStrategy[Command]]) -> st.SearchStrategy[Command]:
    return st.one_of([strategy for weight, strategy in choices for _ in range(weight)])


commands = weighted(
    (1, registrations),
    (1, st.tuples(st.just("change_organization"), indexes, st.sampled_from(["甲所", "乙所"]))),
    (1, st.tuples(st.just("change_practitioner"), indexes, st.sampled_from(["张三", "李四"]))),
    (1, st.tuples(st.just("change_inspector"), st.integers(0, 1), st.sampled_from(["一科", "二"]))),
    # Periods start around today; a length <= 0 is an invalid period.
    (2, st.tuples(st.just("suspend"), licensee, st.integers(-40, 40), st.integers(-1, 60))),
    (1, st.tuples(st.just("reinstate"), licensee)),
    (1, st.tuples(st.just("revoke"), licensee)),
    (1, st.tuples(st.just("deregister_organization"), indexes)),
    (2, st.tuples(st.just("deregister_practitioner"), indexes)),
    # Most of the rules are about who belongs where: join often, mostly the matching kind.
    (1, st.tuples(st.just("join"), indexes, indexes)),
    (4, matching_pairs.map(lambda pair: ("join", *pair))),
    (2, st.tuples(st.just("leave"), indexes)),
    (1, st.tuples(st.just("set_inspector_active"), st.integers(0, 1), st.booleans())),
    (1, st.tuples(st.just("issue_token"), st.sampled_from([Role.CLERK, Role.AUDITOR]))),
    (1, st.tuples(st.just("revoke_token"), st.integers(0, 3))),  # past the end: an unknown id
)
effective_dates = st.sampled_from(
    [date(2024, 1, 2), date(2024, 11, 30), TODAY, TODAY, TODAY + timedelta(days=1)]
)
# None: a fresh command_id; (k, True): a retry of the k-th earlier command, same command_id and
# same arguments; (k, False): this command under the k-th earlier command's command_id.
reuses = st.one_of(st.none(), st.none(), st.none(), st.tuples(st.integers(0, 100), st.booleans()))
# Most records are registered first (each in a random spelling, in a random order), so that the
# other commands mostly meet existing records; the rest meet unknown ids.
EVERY_REGISTRATION = (
    [("register_organization", i) for i in range(len(ORGANIZATIONS))]
    + [("register_practitioner", i) for i in range(len(PRACTITIONERS))]
    + [("register_inspector", i) for i in range(len(INSPECTORS))]
)


def registered_first(order: list[tuple[str, int]], spellings: list[int | None]) -> list[Any]:
    return [
        ((name, index, how), TODAY, None)
        for (name, index), how in zip(order, spellings, strict=True)
        if how is not None
    ]


setup = st.builds(
    registered_first,
    st.permutations(EVERY_REGISTRATION),
    st.lists(
        st.sampled_from([None, 0, 1, 2, 3]),
        min_size=len(EVERY_REGISTRATION),
        max_size=len(EVERY_REGISTRATION),
    ),
)
steps = st.builds(
    lambda first, then: first + then,
    setup,
    st.lists(st.tuples(commands, effective_dates, reuses), min_size=10, max_size=40),
)


@dataclass
class Plan:
    """A command resolved against the current model: how to send it, and what it must write."""

    key: tuple[Any, ...]  # what the command's fingerprint covers besides the meta
    send: Callable[[EventMeta], CommandResult]
    subject: UUID | None  # None: known only from the result (a token's id)
    events: Callable[[CommandResult], list[tuple[UUID, str]]]
    accepted: Callable[[CommandResult], object] = lambda result: None


@dataclass
class Model:
    """What the test knows independently of the store."""

    affiliation: dict[UUID, UUID] = field(default_factory=dict)  # practitioner -> organization
    tokens: list[UUID] = field(default_factory=list)


def plan(ledger: ComplianceLedger, model: Model, command: Command) -> Plan:
    name = command[0]

    def fixed(*events: tuple[UUID, str]) -> Callable[[CommandResult], list[tuple[UUID, str]]]:
        return lambda result: list(events)

    if name == "register_organization":
        kind, number = ORGANIZATIONS[command[1]]
        subject = ORGANIZATION_IDS[command[1]]
        return Plan(
            (name, kind, number),
            lambda m: ledger.register_organization(
                m, kind, spelled(number, command[2]), OrganizationDetails(name="所")
            ),
            subject,
            fixed((subject, "ledger.Organization.Registered")),
        )
    if name == "register_practitioner":
        kind, number = PRACTITIONERS[command[1]]
        subject = PRACTITIONER_IDS[command[1]]
        return Plan(
            (name, kind, number),
            lambda m: ledger.register_practitioner(
                m, kind, spelled(number, command[2]), PractitionerDetails(name="张三")
            ),
            subject,
            fixed((subject, "ledger.Practitioner.Registered")),
        )
    if name == "register_inspector":
        number = INSPECTORS[command[1]]
        subject = INSPECTOR_IDS[command[1]]
        details = InspectorDetails(name="王五", unit="一科")
        return Plan(
            (name, number),
            lambda m: ledger.register_inspector(m, spelled(number, command[2]), details),
            subject,
            fixed((subject, "ledger.Inspector.Registered")),
        )
    if name == "change_organization":
        subject = ORGANIZATION_IDS[command[1]]
        return Plan(
            command,
            lambda m: ledger.change_organization_details(m, subject, {"name": command[2]}),
            subject,
            fixed((subject, "ledger.Organization.DetailsChanged")),
        )
    if name == "change_practitioner":
        subject = PRACTITIONER_IDS[command[1]]
        return Plan(
            command,
            lambda m: ledger.change_practitioner_details(m, subject, {"name": command[2]}),
            subject,
            fixed((subject, "ledger.Practitioner.DetailsChanged")),
        )
    if name == "change_inspector":
        subject = INSPECTOR_IDS[command[1]]
        return Plan(
            command,
            lambda m: ledger.change_inspector_details(m, subject, {"unit": command[2]}),
            subject,
            fixed((subject, "ledger.Inspector.DetailsChanged")),
        )
    if name in ("suspend", "reinstate", "revoke"):
        what, index = command[1]
        cls: type[Organization] | type[Practitioner]
        cls, ids = (
            (Organization, ORGANIZATION_IDS)
            if what == "organization"
            else (Practitioner, PRACTITIONER_IDS)
        )
        subject = ids[index]
        starts_on = TODAY + timedelta(days=command[2]) if name == "suspend" else TODAY
        until = starts_on + timedelta(days=command[3]) if name == "suspend" else TODAY
        sends: dict[str, tuple[str, Callable[[EventMeta], CommandResult]]] = {
            "suspend": (
                "LicenceSuspended",
                lambda m: ledger.suspend_licence(m, cls, subject, starts_on, until),
            ),
            "reinstate": ("LicenceReinstated", lambda m: ledger.reinstate_licence(m, cls, subject)),
            "revoke": ("LicenceRevoked", lambda m: ledger.revoke_licence(m, cls, subject)),
        }
        topic, send = sends[name]
        return Plan(command, send, subject, fixed((subject, f"ledger.{cls.__name__}.{topic}")))
    if name == "deregister_organization":
        subject = ORGANIZATION_IDS[command[1]]
        return Plan(
            command,
            lambda m: ledger.deregister_organization(m, subject),
            subject,
            fixed((subject, "ledger.Organization.Deregistered")),
        )
    if name == "leave":
        subject = PRACTITIONER_IDS[command[1]]
        left = model.affiliation.get(subject)
        events = [(subject, "ledger.Practitioner.Left")]
        if left is not None:
            events.append((left, "ledger.Organization.MemberLeft"))
        return Plan(
            command,
            lambda m: ledger.leave_organization(m, subject),
            subject,
            fixed(*events),
            # Accepted only from an organization: the model must know which (KeyError if not).
            lambda result: model.affiliation.pop(subject),
        )
    if name == "deregister_practitioner":
        subject = PRACTITIONER_IDS[command[1]]
        left = model.affiliation.get(subject)
        events = [(subject, "ledger.Practitioner.Deregistered")]
        if left is not None:
            events.append((left, "ledger.Organization.MemberLeft"))
        return Plan(
            command,
            lambda m: ledger.deregister_practitioner(m, subject),
            subject,
            fixed(*events),
            lambda result: model.affiliation.pop(subject, None),
        )
    if name == "join":
        subject = PRACTITIONER_IDS[command[1]]
        organization_id = ORGANIZATION_IDS[command[2]]
        return Plan(
            command,
            lambda m: ledger.join_organization(m, subject, organization_id),
            subject,
            fixed(
                (subject, "ledger.Practitioner.Joined"),
                (organization_id, "ledger.Organization.MemberJoined"),
            ),
            lambda result: model.affiliation.__setitem__(subject, organization_id),
        )
    if name == "set_inspector_active":
        subject = INSPECTOR_IDS[command[1]]
        active = command[2]
        topic = "Reactivated" if active else "Deactivated"
        return Plan(
            command,
            lambda m: ledger.set_inspector_active(m, subject, active),
            subject,
            fixed((subject, f"ledger.Inspector.{topic}")),
        )
    if name == "issue_token":
        role = command[1]
        return Plan(
            command,
            lambda m: ledger.issue_token(m, "clerk.token", role).result,
            None,
            lambda result: [(result.subject_id, "ledger.ApiToken.Issued")],
            lambda result: model.tokens.append(result.subject_id),
        )
    assert name == "revoke_token"
    index = command[1]
    subject = model.tokens[index] if index < len(model.tokens) else uuid4()
    return Plan(
        (name, subject),
        lambda m: ledger.revoke_token(m, subject),
        subject,
        fixed((subject, "ledger.ApiToken.Revoked")),
    )
