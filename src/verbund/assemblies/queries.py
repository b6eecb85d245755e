"""Reads beyond a filter: entitlement to vote, counting ballots and the live state of a hall."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from verbund.assemblies.models import (
    AgendaItem,
    Ballot,
    Conference,
    DelegateInvitation,
    Motion,
    Participant,
    Poll,
    SpeakRequest,
    VoteRecord,
)
from verbund.assemblies.taxonomy import (
    AgendaStatus,
    AmendmentStatus,
    Choice,
    DelegateInvitationStatus,
    ElectionMethod,
    Majority,
    MotionStatus,
    ParticipantKind,
    PollKind,
    PollStatus,
    RegistrationStatus,
    ResultBase,
    SpeechKind,
    SpeechStatus,
)

LIVE_CACHE_SECONDS = 1


def voting_delegates(conference: Conference) -> QuerySet[Participant]:
    """Registered delegates with votes; whether they may vote now also needs presence."""
    return Participant.objects.filter(
        conference=conference,
        kind=ParticipantKind.DELEGATE,
        status=RegistrationStatus.REGISTERED,
        vote_weight__gt=0,
    )


def entitled_participants(conference: Conference) -> QuerySet[Participant]:
    """Whose votes can be cast now: present delegates without a proxy given, and delegates
    whose proxy holder is present."""
    return voting_delegates(conference).filter(
        Q(present=True, proxy_given__isnull=True)
        | Q(proxy_given__holder__present=True, proxy_given__holder__status="registered")
    )


def entitled_weight(conference: Conference) -> int:
    total = entitled_participants(conference).aggregate(total=Sum("vote_weight"))["total"]
    return int(total or 0)


@dataclass(frozen=True)
class BallotSlot:
    """A ballot ``person`` may cast: their own or one they hold a proxy for."""

    participant: Participant
    by_proxy: bool
    voted: bool


def ballot_slots(person: Any, poll: Poll) -> list[BallotSlot]:
    """The ballots this person may still or already cast in ``poll`` (two queries)."""
    if not getattr(person, "is_authenticated", False):
        return []
    candidates = list(
        entitled_participants(poll.conference)
        .filter(
            # A delegate who gave a proxy has no ballot of their own any more.
            Q(person=person, proxy_given__isnull=True) | Q(proxy_given__holder__person=person)
        )
        .select_related("person", "proxy_given")
    )
    voted = set(
        VoteRecord.objects.filter(poll=poll, participant__in=candidates).values_list(
            "participant_id", flat=True
        )
    )
    slots = [
        BallotSlot(participant=p, by_proxy=p.person_id != person.pk, voted=p.pk in voted)
        for p in candidates
    ]
    return sorted(slots, key=lambda slot: (slot.by_proxy, slot.participant.pk))


def _percent(part: int, base: int) -> float:
    return round(100.0 * part / base, 1) if base else 0.0


def _base(poll: Poll, yes: int, no: int, abstain: int) -> int:
    if poll.result_base == ResultBase.YES_NO:
        return yes + no
    if poll.result_base == ResultBase.ENTITLED:
        return poll.entitled_weight
    return yes + no + abstain


def _passes(poll: Poll, yes: int, no: int, base: int) -> bool:
    if poll.majority == Majority.MORE_THAN_HALF:
        return base > 0 and yes * 2 > base
    if poll.majority == Majority.TWO_THIRDS:
        return base > 0 and yes * 3 >= base * 2
    return yes > no


def tally(poll: Poll, ballots: list[tuple[int, dict[str, Any]]] | None = None) -> dict[str, Any]:
    """Count the stored ballots of ``poll`` (``(weight, answer)`` pairs may be passed in).

    The published result is this function's output when the poll closed, so a recount
    from the stored ballots gives the same figures.
    """
    if ballots is None:
        ballots = list(Ballot.objects.filter(poll=poll).values_list("weight", "answer"))
    result = (
        _tally_vote(poll, ballots) if poll.kind == PollKind.VOTE else _tally_election(poll, ballots)
    )
    result["voters"] = VoteRecord.objects.filter(poll=poll).count()
    return result


def _tally_vote(poll: Poll, ballots: list[tuple[int, dict[str, Any]]]) -> dict[str, Any]:
    weights = {code: 0 for code in Choice.values}
    for weight, answer in ballots:
        weights[answer["choice"]] += weight
    yes, no, abstain = weights[Choice.YES], weights[Choice.NO], weights[Choice.ABSTAIN]
    base = _base(poll, yes, no, abstain)
    return {
        "kind": PollKind.VOTE,
        "ballots": len(ballots),
        "weights": weights,
        "base": base,
        "percent": {code: _percent(value, base) for code, value in weights.items()},
        "adopted": _passes(poll, yes, no, base),
    }


def _tally_election(poll: Poll, ballots: list[tuple[int, dict[str, Any]]]) -> dict[str, Any]:
    candidates = list(poll.candidates.all())
    per_candidate: dict[int, dict[str, int]] = defaultdict(
        lambda: {"yes": 0, "no": 0, "abstain": 0, "votes": 0}
    )
    for weight, answer in ballots:
        for key, value in answer.items():
            counts = per_candidate[int(key)]
            if poll.method == ElectionMethod.YES_NO_PER_CANDIDATE:
                counts[str(value)] += weight
            else:
                counts["votes"] += int(value) * weight
    rows: list[dict[str, Any]] = []
    for candidate in candidates:
        counts = per_candidate[candidate.pk]
        if poll.method == ElectionMethod.YES_NO_PER_CANDIDATE:
            base = _base(poll, counts["yes"], counts["no"], counts["abstain"])
            score = counts["yes"]
            eligible = _passes(poll, counts["yes"], counts["no"], base)
        else:
            # Share of the ballots (by weight) that gave this candidate at least a vote.
            base = (
                poll.entitled_weight
                if poll.result_base == ResultBase.ENTITLED
                else sum(weight for weight, _answer in ballots)
            )
            score = counts["votes"]
            eligible = score > 0
        rows.append(
            {
                "id": candidate.pk,
                "name": candidate.name,
                **counts,
                "score": score,
                "percent": _percent(score, int(base or 0)),
                "eligible": eligible,
                "elected": False,
                "tied": False,
            }
        )
    ranked = sorted((r for r in rows if r["eligible"]), key=lambda r: -r["score"])
    seats = poll.seats
    if len(ranked) > seats and ranked[seats - 1]["score"] == ranked[seats]["score"]:
        # A tie at the last seat: everyone with the tied score goes to a runoff.
        cut = ranked[seats]["score"]
        for row in ranked:
            if row["score"] > cut:
                row["elected"] = True
            elif row["score"] == cut:
                row["tied"] = True
    else:
        for row in ranked[:seats]:
            row["elected"] = True
    elected = [r["id"] for r in rows if r["elected"]]
    return {
        "kind": PollKind.ELECTION,
        "ballots": len(ballots),
        "candidates": rows,
        "elected": elected,
        "tied": [r["id"] for r in rows if r["tied"]],
        "open_seats": seats - len(elected),
    }


def turnout(poll: Poll) -> int:
    return VoteRecord.objects.filter(poll=poll).count()


def waiting_speakers(item: AgendaItem) -> QuerySet[SpeakRequest]:
    """The list of speakers in the order they get the floor: points of order first."""
    return (
        SpeakRequest.objects.filter(item=item, status=SpeechStatus.WAITING)
        .annotate(
            urgency=Case(
                When(kind=SpeechKind.POINT_OF_ORDER, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("urgency", "requested_at", "id")
        .select_related("participant__person")
    )


def current_speaking(conference_id: int) -> dict[str, Any] | None:
    """The agenda item under discussion, who speaks until when, and who is next."""
    item = AgendaItem.objects.filter(
        conference_id=conference_id, status=AgendaStatus.CURRENT
    ).first()
    if item is None:
        return None
    speaker = (
        SpeakRequest.objects.filter(item=item, status=SpeechStatus.SPEAKING)
        .select_related("participant__person")
        .first()
    )
    return {
        "id": item.pk,
        "title": item.title,
        "speaker": None
        if speaker is None
        else {
            "name": str(speaker.participant.person),
            "kind": speaker.kind,
            "ends_at": speaker.ends_at.isoformat() if speaker.ends_at else None,
            "ends_at_clock": timezone.localtime(speaker.ends_at).strftime("%H:%M:%S")
            if speaker.ends_at
            else "",
        },
        "waiting": [
            {"id": r.pk, "name": str(r.participant.person), "kind": r.kind}
            for r in waiting_speakers(item)[:20]
        ],
    }


def _compute_live_state(conference_id: int) -> dict[str, Any]:
    polls = list(
        Poll.objects.filter(conference_id=conference_id)
        .annotate(voted=Count("vote_records"))
        .order_by("position", "id")
    )
    state: list[dict[str, Any]] = []
    for poll in polls:
        entry: dict[str, Any] = {
            "id": poll.pk,
            "title": poll.title,
            "status": poll.status,
            "voted": poll.voted,
            "entitled_weight": poll.entitled_weight,
        }
        if poll.status == PollStatus.CLOSED:
            entry["result"] = poll.result
            entry["closed_at"] = poll.closed_at.isoformat() if poll.closed_at else ""
        elif poll.status == PollStatus.OPEN and not poll.secret:
            # Named votes may be followed as they come in; secret ones only when closed,
            # since a running count beside the turnout would reveal single ballots.
            entry["result"] = tally(poll)
        state.append(entry)
    return {
        "conference": conference_id,
        "polls": state,
        "agenda": current_speaking(conference_id),
    }


def live_state_key(conference_id: int) -> str:
    return f"assemblies:live:{conference_id}"


def live_state(conference_id: int) -> dict[str, Any]:
    """The state every screen in the hall shows; computed at most once a second across all
    processes (the cache is shared), invalidated by every service that changes it."""
    key = live_state_key(conference_id)
    state = cache.get(key)
    if state is None:
        state = _compute_live_state(conference_id)
        cache.set(key, state, LIVE_CACHE_SECONDS)
    return dict(state)


def forget_live_state(conference_id: int) -> None:
    cache.delete(live_state_key(conference_id))


def consolidated_paragraphs(motion: Motion) -> list[str]:
    """The motion's paragraphs with its adopted amendments applied; an adopted amendment with
    an empty text deletes its paragraph."""
    replacements = dict(
        motion.amendments.filter(status=AmendmentStatus.ADOPTED).values_list(
            "paragraph", "new_text"
        )
    )
    paragraphs: list[str] = []
    for number, paragraph in enumerate(motion.paragraphs, start=1):
        text = replacements.get(number, paragraph)
        if text:
            paragraphs.append(text)
    return paragraphs


@dataclass(frozen=True)
class ParagraphChange:
    """One paragraph the adopted amendments changed, as runs of kept, removed and added
    words (``("same" | "removed" | "added", text)``)."""

    number: int
    runs: list[tuple[str, str]]


def _words(text: str) -> list[str]:
    # Whitespace stays attached to the word before it, so joining the runs gives the text back.
    return re.findall(r"\S+\s*|\s+", text)


def consolidation_changes(motion: Motion) -> list[ParagraphChange]:
    """What the adopted amendments changed against the original text, word by word."""
    replacements = dict(
        motion.amendments.filter(status=AmendmentStatus.ADOPTED).values_list(
            "paragraph", "new_text"
        )
    )
    changes: list[ParagraphChange] = []
    for number, original in enumerate(motion.paragraphs, start=1):
        if number not in replacements:
            continue
        old, new = _words(original), _words(replacements[number])
        runs: list[tuple[str, str]] = []
        matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
        for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
            if tag == "equal":
                runs.append(("same", "".join(old[a_start:a_end])))
                continue
            if a_end > a_start:
                runs.append(("removed", "".join(old[a_start:a_end])))
            if b_end > b_start:
                runs.append(("added", "".join(new[b_start:b_end])))
        changes.append(ParagraphChange(number=number, runs=runs))
    return changes


def outcome_status(poll: Poll) -> str | None:
    """The motion status a closed vote on a motion leads to, or ``None`` while there is
    nothing to confirm (no motion, not closed, or the motion already decided)."""
    motion = poll.motion
    if (
        motion is None
        or poll.kind != PollKind.VOTE
        or poll.status != PollStatus.CLOSED
        or motion.status not in (MotionStatus.SUBMITTED, MotionStatus.ADMITTED)
    ):
        return None
    if not poll.result.get("adopted"):
        return MotionStatus.REJECTED
    if motion.amendments.filter(status=AmendmentStatus.ADOPTED).exists():
        return MotionStatus.ADOPTED_CHANGED
    return MotionStatus.ADOPTED


@dataclass(frozen=True)
class NamedBallot:
    name: str
    organization: str
    weight: int
    choices: list[tuple[str, str]]  # (what was decided on, the answer's label)


def named_ballots(poll: Poll) -> list[NamedBallot]:
    """Who voted how in a closed named poll, by name; empty for secret polls."""
    if poll.secret or poll.status != PollStatus.CLOSED:
        return []
    candidates = {str(c.pk): c.name for c in poll.candidates.all()}
    labels = dict(Choice.choices)
    rows: list[NamedBallot] = []
    ballots = Ballot.objects.filter(poll=poll, voter__isnull=False).select_related(
        "voter__person", "voter__organization"
    )
    for ballot in ballots:
        assert ballot.voter is not None
        answer = ballot.answer
        if poll.kind == PollKind.VOTE:
            choices = [("", str(labels.get(answer.get("choice"), answer.get("choice"))))]
        else:
            choices = [
                (candidates.get(key, key), str(labels.get(value, value)))
                for key, value in sorted(
                    answer.items(), key=lambda item: candidates.get(item[0], "")
                )
            ]
        rows.append(
            NamedBallot(
                name=str(ballot.voter.person),
                organization=ballot.voter.organization.name if ballot.voter.organization else "",
                weight=ballot.weight,
                choices=choices,
            )
        )
    return sorted(rows, key=lambda row: (row.name.casefold(), row.organization.casefold()))


def conference_is_public(conference_id: int) -> bool:
    """Whether anyone may follow the conference live (its network is published); cached in
    the shared cache so that thousands of phones opening the stream cost no query each."""
    key = f"assemblies:public:{conference_id}"
    public = cache.get(key)
    if public is None:
        from verbund.organizations.taxonomy import Status

        public = Conference.objects.filter(
            pk=conference_id, network__status=Status.PUBLISHED
        ).exists()
        cache.set(key, public, 60)
    return bool(public)


def networks_run_by(user: Any) -> list[Any]:
    """Organisations with members whose conferences ``user`` may prepare."""
    if not getattr(user, "is_authenticated", False):
        return []
    from verbund.networks import policy as network_policy
    from verbund.organizations.models import Organization
    from verbund.organizations.taxonomy import Role

    candidates = (
        Organization.objects.filter(
            Q(network_roles__person=user)
            | Q(affiliations__person=user, affiliations__role=Role.ADMIN)
        )
        .filter(member_links__isnull=False)
        .distinct()
        .order_by("name")[:50]
    )
    return [org for org in candidates if network_policy.runs_network(user, org)]


def personal_participations(person: Any) -> list[dict[str, Any]]:
    """The person's registrations for conferences, for their data download (never their
    ballots: secret ones name nobody, named ones belong to the poll's record)."""
    return [
        {
            "conference": p.conference.title,
            "starts_on": p.conference.starts_on.isoformat(),
            "taking_part_as": p.kind,
            "status": p.status,
            "organization": p.organization.name if p.organization else None,
        }
        for p in Participant.objects.filter(person=person).select_related(
            "conference", "organization"
        )
    ]


def conferences_not_over(person: Any) -> list[Any]:
    from django.utils import timezone

    return [
        p.conference
        for p in Participant.objects.filter(
            person=person, conference__ends_on__gte=timezone.localdate()
        ).select_related("conference")
    ]


# --- What the pages read ----------------------------------------------------------------------


def conferences() -> QuerySet[Conference]:
    """Conferences with their network, for the pages that load one by its id."""
    return Conference.objects.select_related("network")


def polls() -> QuerySet[Poll]:
    return Poll.objects.select_related("conference__network", "body")


def motions() -> QuerySet[Motion]:
    return Motion.objects.select_related("conference__network")


def visible_conferences(user: Any, limit: int = 100) -> list[Conference]:
    """The latest conferences ``user`` may see. The policy asks per conference, and its
    answers are cached per network, so the list costs a few queries however long it is."""
    from verbund.assemblies import policy

    latest = Conference.objects.select_related("network").order_by("-starts_on", "-pk")[:limit]
    return [c for c in latest if policy.can_view_conference(user, c)]


@dataclass(frozen=True)
class Proxies:
    given: Any
    held: list[Any]


def proxies_of(participant: Participant | None) -> Proxies:
    """The proxy a participant gave, and those they hold, with the people on the other side."""
    if participant is None:
        return Proxies(None, [])
    from verbund.assemblies.models import Proxy

    given = Proxy.objects.filter(giver=participant).select_related("holder__person").first()
    held = list(Proxy.objects.filter(holder=participant).select_related("giver__person"))
    return Proxies(given, held)


def proxy_holders(conference: Conference, giver: Participant) -> QuerySet[Participant]:
    """Delegates who may hold ``giver``'s proxy: voting delegates who gave none themselves."""
    return (
        voting_delegates(conference)
        .exclude(pk=giver.pk)
        .exclude(proxy_given__isnull=False)
        .select_related("person", "organization")
    )


def named_delegates(conference: Conference, organizations: Any) -> QuerySet[Participant]:
    return Participant.objects.filter(
        conference=conference,
        organization__in=organizations,
        kind=ParticipantKind.DELEGATE,
        status=RegistrationStatus.REGISTERED,
    ).select_related("person", "organization")


def pending_delegate_invitations(
    conference: Conference, organizations: Any
) -> QuerySet[DelegateInvitation]:
    return DelegateInvitation.objects.filter(
        conference=conference,
        organization__in=organizations,
        status=DelegateInvitationStatus.PENDING,
    ).select_related("organization")


def check_in_list(conference: Conference) -> list[Participant]:
    return list(
        conference.participants.exclude(status=RegistrationStatus.CANCELLED).select_related(
            "person", "organization"
        )
    )


def open_speak_request(item: AgendaItem | None, participant: Participant | None) -> Any:
    """The participant's request to speak on the current item that is still waiting or on."""
    if item is None or participant is None:
        return None
    return SpeakRequest.objects.filter(
        item=item,
        participant=participant,
        status__in=[SpeechStatus.WAITING, SpeechStatus.SPEAKING],
    ).first()


def motions_with_supporters(conference: Conference) -> QuerySet[Motion]:
    return conference.motions.annotate(supporters=Count("supports"))


@dataclass(frozen=True)
class MotionPage:
    amendments: list[Any]
    supporters: int
    supported_by_viewer: bool
    polls: list[Poll]


def motion_page(motion: Motion, user: Any) -> MotionPage:
    return MotionPage(
        amendments=list(motion.amendments.select_related("submitted_by")),
        supporters=motion.supports.count(),
        supported_by_viewer=bool(getattr(user, "pk", None))
        and motion.supports.filter(person_id=user.pk).exists(),
        polls=list(motion.polls.all()),
    )
