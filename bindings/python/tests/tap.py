"""Runs the radioembo unittest suite and prints TAP (stdlib only), for tests/scripts/python.sh.

After the tests, one more TAP line checks that the suite reached every C function of the
generated _ffi tables through the Python layer.
"""
import os
import sys
import traceback
import unittest

here = os.path.dirname(os.path.abspath(__file__))


class TapResult(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.n = 0

    def _line(self, ok, test, detail=None, note=""):
        self.n += 1
        print("%s %d - python: %s%s" % ("ok" if ok else "not ok", self.n, test.id(), note))
        if detail:
            for line in detail.rstrip().splitlines():
                print("# " + line)
        sys.stdout.flush()

    def addSuccess(self, test):
        super().addSuccess(test)
        self._line(True, test)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._line(False, test, "".join(traceback.format_exception(*err)))

    def addError(self, test, err):
        super().addError(test, err)
        self._line(False, test, "".join(traceback.format_exception(*err)))

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._line(False, subtest, "".join(traceback.format_exception(*err)))

    def addSkip(self, test, reason):  # the project allows no skips
        super().addSkip(test, reason)
        self._line(False, test, "skipped: " + reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._line(False, test, "expected failure")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._line(False, test, "unexpected success")


def main():
    sys.path.insert(0, here)
    suite = unittest.defaultTestLoader.discover(here, pattern="test_*.py", top_level_dir=here)
    result = TapResult()
    suite.run(result)
    import radioembo
    missed = sorted(set(radioembo.FUNCTIONS) - radioembo.reached)
    result.n += 1
    print("%s %d - python: every public C function is reached from Python" %
          ("ok" if not missed else "not ok", result.n))
    for name in missed:
        print("# not reached: " + name)
    print("1..%d" % result.n)
    return 0 if result.wasSuccessful() and not missed else 1


if __name__ == "__main__":
    sys.exit(main())
