"""The output contract as Arrow types, derived from the pydantic records (one home: a field added there is
a column here): Parquet and Ray datasets get a typed schema, so that batches whose optional fields differ
still convert (Ray's inferred schemas failed on them, DEPENDENCIES.md). pyarrow is imported when asked.
"""

from __future__ import annotations

import json
import types
from typing import TYPE_CHECKING, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from xiputin_cli.records import Article, ArticleError

if TYPE_CHECKING:
    import pyarrow as pa

SCALARS = {str: "string", int: "int64", bool: "bool_", float: "float64"}


def arrow_type(annotation: Any) -> pa.DataType:
    import pyarrow as pa

    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, types.UnionType):
        (inner,) = [a for a in args if a is not type(None)]  # records use X | None, never wider unions
        return arrow_type(inner)
    if origin is Literal:
        return pa.string()
    if origin in (list, tuple):
        return pa.list_(arrow_type(args[0]))
    if origin is dict:  # free-form JSON (an input's extra fields): no one Arrow type, so its JSON text
        return pa.string()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct(model_fields(annotation))
    if annotation in SCALARS:
        return getattr(pa, SCALARS[annotation])()
    raise TypeError(f"no Arrow type for {annotation!r}")


def model_fields(model: type[BaseModel]) -> list[pa.Field]:
    import pyarrow as pa

    return [pa.field(name, arrow_type(field.annotation)) for name, field in model.model_fields.items()]


def model_schema(model: type[BaseModel]) -> pa.Schema:
    """`xiputin schema article --arrow`: a record as an Arrow row."""
    import pyarrow as pa

    return pa.schema(model_fields(model))


def result_schema() -> pa.Schema:
    """A batch result as a row: the Article's columns (empty for an error row), then `error` (the
    ArticleError's message, null for an article) and `skipped`."""
    import pyarrow as pa

    return pa.schema(
        [*model_fields(Article), pa.field("error", pa.string()), pa.field("skipped", pa.bool_())]
    )


JSON_TEXT = [name for name, field in Article.model_fields.items() if get_origin(field.annotation) is dict]


def result_row(result: Article | ArticleError) -> dict[str, Any]:
    if isinstance(result, Article):
        row = result.model_dump(mode="json")
        return {**row, **{name: json.dumps(row[name]) for name in JSON_TEXT}, "error": None, "skipped": False}
    return {"id": result.id, "source": result.source, "error": result.message, "skipped": result.skipped}


def result_from_row(row: dict[str, Any]) -> Article | ArticleError:
    """The record a result row holds, as the batch API returned it."""
    fields = dict(row)
    error, skipped = fields.pop("error", None), fields.pop("skipped", False)
    if error is not None:
        ident, source = str(fields.get("id") or ""), str(fields.get("source") or "")
        return ArticleError(id=ident, source=source or ident, message=str(error), skipped=bool(skipped))
    for name in JSON_TEXT:
        if isinstance(fields.get(name), str):
            fields[name] = json.loads(fields[name])
    return Article.model_validate(fields)
