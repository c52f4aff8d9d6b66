"""notebooks/explore.ipynb runs top to bottom in a fresh kernel, offline, with no cell error."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore.ipynb"


def test_explore_notebook_runs_in_a_fresh_kernel(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")

    monkeypatch.setenv("KG_HOME", str(tmp_path / "home"))  # never touch the user's knowledge base
    monkeypatch.delenv("KG_DB", raising=False)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    # The kernel must be this interpreter (jupyter_client runs a "python" kernelspec with sys.executable).
    notebook.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.prefix)"))
    client = nbclient.NotebookClient(notebook, kernel_name="python3", timeout=600, allow_errors=False,
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError, naming the cell, on any error

    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert notebook.cells[-1].outputs[0]["text"].strip() == sys.prefix
    text = "\n".join(o.get("text", "") + str(o.get("data", {}).get("text/markdown", "")) for o in outputs)
    assert "nodes" in text and "```mermaid" in text  # built, and the Markdown report shown
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the static figure inline
