"""Result models: copies made as pydantic makes them, bad values refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError

from policytext.models import Mention, Project, Sentence, Target


def _target() -> Target:
    return Target(
        start=3,
        end=12,
        rule="target.test",
        text="甲县产值增长6%",
        indicator="产值",
        direction="up",
        value=Decimal("6"),
        unit="%",
        kind="growth",
    )


@pytest.mark.parametrize(
    "update", [None, {}, {"indicator_key": "output"}, {"period": "2031", "plan_name": "十六五"}]
)
def test_copy_is_the_copy_pydantic_makes(update: dict[str, str] | None) -> None:
    t = _target()
    mine, theirs = t.model_copy(update=update), BaseModel.model_copy(t, update=update)
    assert type(mine) is Target
    assert mine == theirs
    assert mine.__dict__ == theirs.__dict__
    assert mine.model_fields_set == theirs.model_fields_set
    assert mine.__pydantic_extra__ is None and mine.__pydantic_private__ is None
    assert mine.model_dump_json() == theirs.model_dump_json()


def test_copy_shares_nothing_it_may_change_with_the_original() -> None:
    t = _target()
    c = t.model_copy(update={"period": "2031"})
    assert t.period is None and "period" not in t.model_fields_set
    assert c.period == "2031" and "period" in c.model_fields_set
    with pytest.raises(ValidationError):
        c.start = 0  # type: ignore[misc]  # frozen, like the original


def test_deep_copy_copies_the_mentions() -> None:
    p = Project(
        start=0,
        end=6,
        rule="project.test",
        text="乙河大桥工程",
        name="乙河大桥工程",
        mentions=(Mention(start=0, end=6, text="乙河大桥工程"),),
    )
    deep = p.model_copy(deep=True)
    assert deep == p and deep.mentions[0] is not p.mentions[0]


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Sentence, {"start": 0, "end": "x", "paragraph": 0}),
        (Sentence, {"start": 0, "end": 3, "paragraph": 0, "extra": 1}),
        (Mention, {"start": "甲", "end": 3, "text": "t"}),
        (
            Target,
            {"start": -1, "end": 3, "rule": "r", "text": "t", "indicator": "i", "kind": "growth"},
        ),
        (Target, {"start": 0, "end": 3, "rule": "r", "text": "t", "indicator": "i", "kind": "x"}),
    ],
)
def test_bad_values_are_refused(model: type[BaseModel], fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        model(**fields)
