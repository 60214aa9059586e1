"""Arrow columns from Pydantic fields: the type each annotation gives, and the overrides."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

import pyarrow as pa
import pytest
from pydantic import BaseModel, computed_field

from tasks.load.arrow_schema import TIMESTAMP_UTC, arrow_type, model_columns


class Colour(StrEnum):
    RED = "red"


class Sample(BaseModel):
    name: str
    count: int
    share: float | None
    flag: bool
    blob: bytes
    seen_at: datetime
    colour: Colour
    size: Literal["small", "large"] | None = None
    tags: list[str] = []
    extra: dict[str, int] = {}

    @computed_field  # type: ignore[prop-decorator]
    @property
    def label(self) -> str:
        return self.name.upper()


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        (str, pa.string()),
        (int, pa.int32()),
        (float, pa.float64()),
        (bool, pa.bool_()),
        (bytes, pa.binary()),
        (datetime, TIMESTAMP_UTC),
        (str | None, pa.string()),
        (Literal["a", "b"], pa.string()),
        (Literal["a"] | None, pa.string()),
        (Colour, pa.string()),
        (list[str], pa.list_(pa.string())),
        (list[int] | None, pa.list_(pa.int32())),
    ],
)
def test_annotation_gives_its_arrow_type(annotation: object, expected: pa.DataType) -> None:
    assert arrow_type(annotation) == expected


@pytest.mark.parametrize(
    "annotation", [dict[str, int], Sample, list[Sample], str | int, Literal[1, 2], object]
)
def test_ambiguous_annotation_asks_for_an_override(annotation: object) -> None:
    with pytest.raises(TypeError, match="override"):
        arrow_type(annotation)


def test_columns_follow_the_model_order_with_computed_fields_last() -> None:
    columns = model_columns(Sample, exclude=("extra",))
    assert [c.name for c in columns] == [
        "name", "count", "share", "flag", "blob", "seen_at", "colour", "size", "tags", "label",
    ]  # fmt: skip
    assert all(c.nullable for c in columns)


def test_a_dict_field_needs_an_override() -> None:
    with pytest.raises(TypeError):
        model_columns(Sample)
    columns = model_columns(Sample, include=("extra", "count"), overrides={"extra": pa.string()})
    assert [(c.name, c.type) for c in columns] == [("count", pa.int32()), ("extra", pa.string())]


def test_rename_and_override_by_the_column_name() -> None:
    columns = model_columns(
        Sample, include=("count",), rename={"count": "n"}, overrides={"n": pa.int64()}
    )
    assert [(c.name, c.type) for c in columns] == [("n", pa.int64())]


@pytest.mark.parametrize(
    "names",
    [
        {"include": ("nmae",)},
        {"exclude": ("extra", "colour_")},
        {"rename": {"cout": "n"}},
        {"exclude": ("extra",), "overrides": {"sizes": pa.string()}},
    ],
)
def test_a_name_that_is_not_a_field_is_an_error(names: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="has no fields"):
        model_columns(Sample, **names)  # type: ignore[arg-type]
