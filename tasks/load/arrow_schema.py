"""Arrow spool schemas derived from the Pydantic row models, as dlt derives its schemas.

A field's annotation gives its column type; a table lists only what the annotation cannot say
(64-bit integers, values stored as JSON text) as per-column overrides.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Collection, Mapping
from datetime import datetime
from enum import StrEnum

import pyarrow as pa
from pydantic import BaseModel

TIMESTAMP_UTC = pa.timestamp("us", tz="UTC")

# int is 32-bit, as the warehouse's INTEGER; wider columns say so in an override.
SCALAR_TYPES: dict[type, pa.DataType] = {
    str: pa.string(),
    int: pa.int32(),
    float: pa.float64(),
    bool: pa.bool_(),
    bytes: pa.binary(),
    datetime: TIMESTAMP_UTC,
}


def arrow_type(annotation: object) -> pa.DataType:
    """Return the Arrow type of a field annotation.

    Args:
        annotation: The field's type: a scalar, a str Literal or StrEnum, a list of those,
            or any of them or None.

    Returns:
        The column's Arrow type (columns are nullable; None is NULL).

    Raises:
        TypeError: no one type follows from the annotation (a dict, a nested model).
    """
    origin = typing.get_origin(annotation)
    args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if origin in (typing.Union, types.UnionType) and len(args) == 1:
        return arrow_type(args[0])
    if origin is typing.Literal and all(isinstance(arg, str) for arg in args):
        return pa.string()
    if origin is list and len(args) == 1:
        return pa.list_(arrow_type(args[0]))
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return pa.string()
    if isinstance(annotation, type) and annotation in SCALAR_TYPES:
        return SCALAR_TYPES[annotation]
    raise TypeError(f"no Arrow type follows from {annotation!r}: give the column an override")


def model_columns(
    model: type[BaseModel],
    *,
    include: Collection[str] | None = None,
    exclude: Collection[str] = (),
    rename: Mapping[str, str] | None = None,
    overrides: Mapping[str, pa.DataType] | None = None,
) -> list[pa.Field]:
    """Return the Arrow columns of a model's fields (and computed fields), in declaration order.

    Args:
        model: The Pydantic model whose fields are the columns.
        include: Only these fields (default: all).
        exclude: Leave these fields out.
        rename: Field name -> column name, where the warehouse names it differently.
        overrides: Column name -> Arrow type, where the annotation does not decide it.

    Returns:
        One nullable Arrow field per column.

    Raises:
        ValueError: a name in include, exclude, rename or overrides is not a field of the model.
        TypeError: a column's type follows from neither its annotation nor an override.
    """
    annotations: dict[str, object] = {n: f.annotation for n, f in model.model_fields.items()}
    annotations |= {n: f.return_type for n, f in model.model_computed_fields.items()}
    rename = rename or {}
    overrides = overrides or {}
    named = {*(include or ()), *exclude, *rename}
    named |= {name for name in overrides if name not in rename.values()}
    if unknown := named - annotations.keys():
        raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
    columns = []
    for name, annotation in annotations.items():
        if (include is not None and name not in include) or name in exclude:
            continue
        column = rename.get(name, name)
        kind = overrides[column] if column in overrides else arrow_type(annotation)
        columns.append(pa.field(column, kind))
    return columns
