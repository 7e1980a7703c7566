"""Configuration problems and the error that reports them."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Maximum length of a value shown in a message. Longer values are cut so that every problem stays on one line.
MAX_VALUE_CHARS = 80

Location = tuple[str | int, ...]


def format_location(location: Location) -> str:
    """Format a setting path as written in messages, for example `gpu_node_pools[0].name`."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def format_value(value: Any) -> str:
    text = repr(value)
    if len(text) > MAX_VALUE_CHARS:
        text = text[: MAX_VALUE_CHARS - 3] + "..."
    return text.replace("\n", "\\n")


# Marks a problem that has no single value to show, such as a missing setting.
NO_VALUE = object()


@dataclass(frozen=True)
class ConfigProblem:
    """One invalid setting: its path in the file, the value found and what is allowed."""

    location: Location
    value: Any
    message: str
    # Line of the problem when it has no setting to look up, such as a YAML syntax error.
    line: int | None = None


class ConfigError(Exception):
    """Invalid environment file. Each line of the message is one problem, prefixed by file and line."""

    def __init__(self, path: Path, problems: list[ConfigProblem], lines: dict[Location, int] | None = None):
        self.path = path
        self.problems = problems
        self.lines = lines or {}
        super().__init__("\n".join(self.format_lines()))

    def format_lines(self) -> list[str]:
        """Format one line per problem, in the order of the file's lines."""
        located = [(problem, problem.line or self._line_of(problem.location)) for problem in self.problems]
        located.sort(key=lambda item: item[1] or 0)
        formatted = []
        for problem, line in located:
            prefix = str(self.path)
            if line is not None:
                prefix = f"{prefix}:{line}"

            if problem.location:
                prefix = f"{prefix}: {format_location(problem.location)}"
            if problem.value is not NO_VALUE:
                prefix = f"{prefix} = {format_value(problem.value)}"
            formatted.append(f"{prefix}: {problem.message}")
        return formatted

    def _line_of(self, location: Location) -> int | None:
        # A missing setting has no line of its own, so use the closest parent that the file has.
        while location:
            line = self.lines.get(location)
            if line is not None:
                return line
            location = location[:-1]
        return None
