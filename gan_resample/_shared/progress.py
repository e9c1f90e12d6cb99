"""Progress on the console: the one helper behind the sampler's ``verbose`` output and
the benchmark's ``progress`` bar."""

import sys


class ProgressBar:
    """A line on ``stream`` (standard error by default) rewritten in place:
    ``prefix label[#####.....] text``."""

    def __init__(self, width, prefix="", stream=None):
        self.width, self.prefix = width, prefix
        self.stream = sys.stderr if stream is None else stream
        self.open = False  # a line shown and not yet ended

    def show(self, done, total, text, label=""):
        filled = int(self.width * done / total)
        self.open = True
        self.stream.write(
            f"\r{self.prefix}{label}[{'#' * filled}{'.' * (self.width - filled)}] {text}"
        )
        self.stream.flush()

    def say(self, text):
        """``text`` on a line of its own, below the bar."""
        self.stream.write(f"\n{self.prefix}{text}\n")
        self.stream.flush()

    def end(self):
        """End the line shown, if one is."""
        if self.open:
            self.stream.write("\n")
            self.open = False


def duration(seconds):
    """``seconds`` as a person reads it: ``"42 s"``, ``"3 min 05 s"``, ``"1 h 02 min"``."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
