"""Loading of environment files: YAML parsing, model validation and cross-setting checks."""

import difflib
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from oasis.config.checks import run_checks
from oasis.config.errors import NO_VALUE, ConfigError, ConfigProblem, Location
from oasis.config.models import Environment

# Stack names become folder names under cdktf.out/stacks and Terraform state keys.
ENVIRONMENT_NAME = re.compile(r"^[a-z][a-z0-9-]{0,29}$")


def load_environment(path: str | Path) -> Environment:
    """Parse and validate one environment file.

    Raises ConfigError listing every problem found, one per line, before anything is synthesized.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, [ConfigProblem((), NO_VALUE, "file not found. Pass an existing environment file, for example environments/example.yaml.")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(path, [ConfigProblem((), NO_VALUE, f"cannot read the file: {error}")]) from None

    data, lines = parse_yaml(path, text)

    name = path.stem
    if not ENVIRONMENT_NAME.match(name):
        message = (
            "invalid environment file name: the file name without .yaml names the stacks, so it must "
            "start with a lowercase letter and contain only lowercase letters, digits and hyphens (at most 30)."
        )
        raise ConfigError(path, [ConfigProblem((), name, message)])

    if "name" in data:
        message = "unknown setting: the environment name comes from the file name. Remove it and rename the file instead."
        raise ConfigError(path, [ConfigProblem(("name",), data["name"], message)], lines)

    try:
        environment = Environment.model_validate({**data, "name": name})
    except ValidationError as error:
        raise ConfigError(path, convert_validation_error(error, data), lines) from None

    problems = run_checks(environment)
    if problems:
        raise ConfigError(path, problems, lines)
    return environment


def parse_yaml(path: Path, text: str) -> tuple[Any, dict[Location, int]]:
    """Parse YAML text and map each setting path to its 1-based line number."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        if mark is None:
            raise ConfigError(path, [ConfigProblem((), NO_VALUE, f"invalid YAML: {problem}. Fix the syntax.")]) from None
        message = f"invalid YAML at column {mark.column + 1}: {problem}. Fix the syntax on this line."
        raise ConfigError(path, [ConfigProblem((), NO_VALUE, message, line=mark.line + 1)]) from None

    if root is None:
        raise ConfigError(path, [ConfigProblem((), NO_VALUE, "the file is empty. Start from environments/example.yaml.")])
    if not isinstance(data, dict):
        message = f"the file must contain a mapping of settings, found {type(data).__name__}. Start from environments/example.yaml."
        raise ConfigError(path, [ConfigProblem((), NO_VALUE, message)])

    lines: dict[Location, int] = {}
    duplicates: list[ConfigProblem] = []
    _map_lines(root, (), lines, duplicates)
    if duplicates:
        raise ConfigError(path, duplicates, lines)
    return data, lines


def _map_lines(node: yaml.Node, location: Location, lines: dict[Location, int], duplicates: list[ConfigProblem]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            child = (*location, key)
            if key in seen:
                message = f"duplicate key on line {key_node.start_mark.line + 1}. YAML would keep only the last one, so remove one of them."
                duplicates.append(ConfigProblem(child, NO_VALUE, message))
            seen.add(key)
            lines[child] = key_node.start_mark.line + 1
            _map_lines(value_node, child, lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*location, index)
            lines[child] = item.start_mark.line + 1
            _map_lines(item, child, lines, duplicates)


# Fixes appended to pydantic's messages for wrong types, which do not say what to write instead.
TYPE_HINTS = {
    "string_type": " Quote the value in YAML.",
    "int_type": " Write a whole number without quotes.",
    "int_parsing": " Write a whole number without quotes.",
    "int_from_float": " Write a whole number without quotes.",
    "bool_type": " Write true or false.",
    "bool_parsing": " Write true or false.",
    "list_type": " Write a YAML list, one '- item' per line.",
    "dict_type": " Write a YAML mapping of settings.",
    "model_type": " Write a YAML mapping of settings.",
    "model_attributes_type": " Write a YAML mapping of settings.",
}


def convert_validation_error(error: ValidationError, data: Any) -> list[ConfigProblem]:
    """Turn pydantic errors into problems that name the setting, the value and the fix."""
    problems = []
    for detail in error.errors(include_url=False):
        location = tuple(detail["loc"])
        kind = detail["type"]
        if location and location[-1] == "[key]":
            # pydantic marks an invalid mapping key this way; the key is the setting and the value.
            location = location[:-1]

        if kind == "extra_forbidden":
            problems.append(ConfigProblem(location, NO_VALUE, _unknown_setting_message(location)))
        elif kind == "missing":
            problems.append(ConfigProblem(location, NO_VALUE, "required setting is missing. Add it."))
        elif kind in ("value_error", "assertion_error"):
            message = str(detail["ctx"]["error"]) if "ctx" in detail else detail["msg"]
            problems.append(ConfigProblem(location, detail["input"], message))
        else:
            message = f"{detail['msg']}.{TYPE_HINTS.get(kind, '')}"
            if kind == "string_type" and isinstance(detail["input"], int | float) and str(location[-1]).endswith("time"):
                # YAML 1.1 reads an unquoted 1:00 as the base-60 number 60.
                message = f'{detail["msg"]}. Write the time in quotes, for example "01:00".'
            problems.append(ConfigProblem(location, detail["input"], message))
    return problems


def _unknown_setting_message(location: Location) -> str:
    allowed = _allowed_settings(location[:-1])
    if not allowed:
        return "unknown setting. Remove it."

    suggestion = difflib.get_close_matches(str(location[-1]), allowed, n=1)
    hint = f"Did you mean '{suggestion[0]}'? " if suggestion else ""
    return f"unknown setting. {hint}Allowed here: {', '.join(sorted(allowed))}."


def _allowed_settings(location: Location) -> list[str]:
    """Return the setting names of the model at `location`, walking the Environment model's fields."""
    model: Any = Environment
    for part in location:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if _is_model(model) else None
        if field is None:
            return []
        model = _model_of(field.annotation)
        if model is None:
            return []
    if not _is_model(model):
        return []
    return [name for name in model.model_fields if name != "name" or model is not Environment]


def _is_model(candidate: Any) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, BaseModel)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """Find the model class inside an annotation such as `Foo`, `Foo | None` or `list[Foo]`."""
    if _is_model(annotation):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _model_of(argument)
        if found is not None:
            return found
    return None
