"""The ``matcher`` command line: a thin click layer over the library.

Commands are imported only when invoked, so ``matcher --help`` and a cold ``matcher score``
do not pay for modules they do not use.
"""

from __future__ import annotations

import importlib

import click

from matcher import __version__

# name -> "module:attribute"; each module holds one click command or group.
COMMANDS: dict[str, str] = {
    "eval": "matcher.cli.evaluate:eval_",
    "match": "matcher.cli.match:match",
    "parse": "matcher.cli.parse:parse",
    "score": "matcher.cli.score:score",
    "screen": "matcher.cli.screen:screen",
    "serve": "matcher.cli.serve:serve",
    "skills": "matcher.cli.skills:skills",
    "taxonomy": "matcher.cli.taxonomy:taxonomy",
    "train": "matcher.cli.train:train",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="matcher")
@click.option("--meaning/--no-meaning", default=None,
              help="Also read resumes' skills by meaning (static embeddings): finds duties written in "
                   "words of their own, at about twice the spaCy pipeline's CPU per resume. Default: the "
                   "MATCHER_MEANING environment variable, else off.")  # fmt: skip
def main(meaning: bool | None) -> None:
    """Score resumes and job ads against account-management roles, with the evidence.

    Start with `matcher score RESUME.pdf`; `matcher COMMAND --help` explains each command.
    """
    if meaning is not None:
        import os

        from matcher.extract.nlp import MEANING_ENV

        # An environment variable, so that batch workers and the fork server read it too.
        os.environ[MEANING_ENV] = "1" if meaning else "0"
