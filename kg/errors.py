"""Errors raised by kg's library code.

Library code raises these and never prints or exits; the CLI turns them into
one clear message and a non-zero exit status.
"""


class KgError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KgError):
    """A corpus file kg cannot read: names the file and, where known, the line."""

    def __init__(self, path, message, line=None):
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class UnknownFormat(InputError):
    """A file whose format kg does not recognise."""


class BinaryFile(InputError):
    """A file that holds no text (an image, a PDF, an archive)."""


class MissingPath(KgError):
    """A path named on the command line that does not exist."""


class DatabaseError(KgError):
    """The knowledge base cannot be opened or created where asked."""


class NoDatabase(DatabaseError):
    """No knowledge base exists at the path given."""


class PaperNotFound(KgError):
    """No paper matches the identifier or title asked for."""


class PromptNotFound(KgError):
    """No prompt file or stored prompt by that name, or several by that name."""


class AmbiguousPaper(PaperNotFound):
    """Several papers' titles start with what was asked for; none is chosen silently."""


class IngestFailed(KgError):
    """Some files could not be ingested; nothing was written."""

    def __init__(self, errors):
        self.errors = list(errors)
        lines = "\n".join(f"  {e}" for e in self.errors)
        super().__init__(f"{len(self.errors)} file(s) could not be ingested, nothing was written:\n{lines}")


class FetchError(KgError):
    """The arXiv API could not be reached or answered badly; says what was kept."""


class ExportError(KgError):
    """A subgraph cannot be exported as asked (format, selection or output path)."""


class SelectionError(ExportError):
    """A subgraph cannot be selected as asked (for an export or an HTML graph)."""


class NodeNotFound(SelectionError):
    """No graph node matches the key or text given."""


class EmptySubgraph(SelectionError):
    """The selection left no node to show or export."""


class UnknownNodeType(SelectionError):
    """A --types value that is not a node type."""


class OutputExists(ExportError):
    """The output file already exists (and --force was not given), or is of the wrong kind."""


class OutputNotWritable(ExportError):
    """The output folder does not exist or cannot be written."""


class VocabularyError(KgError):
    """A vocabulary data file is malformed."""


class ForeignDatabase(DatabaseError):
    """An SQLite file kg did not create: kg refuses to add its tables to it."""


class SchemaMismatch(DatabaseError):
    """A kg database whose tables are not the ones kg's migrations make (a column renamed or missing)."""


class ReadOnlyDatabase(DatabaseError):
    """A write asked of a database kg can only read."""


class DatabaseBusy(DatabaseError):
    """Another process held the write lock for longer than kg waits."""


class NotBuilt(DatabaseError):
    """Papers were ingested but the NLP pass has not read them yet: answers would be wrong."""


class UnknownPipeline(KgError):
    """--spacy-model names a spaCy pipeline that is not installed."""


class EmptyCorpus(KgError):
    """A folder named on the command line holds no corpus file."""


class Interrupted(KgError):
    """The user interrupted a command (Ctrl-C); says what of the run was kept."""
