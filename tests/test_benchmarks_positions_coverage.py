"""benchmarks/positions_coverage.py: counts titled, mis-split and occupation-mapped positions
in a benchmark folder's resume PDFs, and skips cleanly without one."""

from pathlib import Path

from batch_files import write_pdf
from scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
coverage = load_script(Path("benchmarks/positions_coverage.py"), "benchmarks_positions_coverage")

RESUME = """\
Dana Whitfield
Experience
06/2019 to Current
Sous Chef Company Name, City , State
Prepared the line for dinner service.
03/2015 to 05/2019
Line Cook Company Name
Plated and distributed completed dishes.
"""


def test_benchmarks_positions_coverage_counts_each_position(tmp_path: Path) -> None:
    folder = tmp_path / "none_resumes"
    folder.mkdir()
    write_pdf(folder / "1.pdf", RESUME)
    tally = coverage.measure(folder)
    assert (tally.documents, tally.positions, tally.titled) == (1, 2, 2)
    # The second title keeps its glued employer: no place follows it to confirm the cut.
    assert tally.misplit == 1
    assert (tally.recent, tally.recent_mapped) == (1, 1)


def test_benchmarks_positions_coverage_skips_without_the_benchmark(tmp_path: Path, capsys) -> None:
    assert coverage.main(["--benchmark", str(tmp_path / "absent")]) == 0
    assert capsys.readouterr().out.startswith("skipped:")
