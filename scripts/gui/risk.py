"""Risk in the real window: rate a threat in the editor and see it move in the matrix.

Run inside scripts/gui/run.sh:

    bash scripts/gui/run.sh risk.py target/debug/strider [--out target/gui-risk]

Steps, on a copy of the Connected Vehicle sample:
  1. open      click threat T02's row in the Threats list: the editor opens (T02 is rated
               Unlikely x Minor, inherent 4 Low)
  2. rate      pick Likelihood "5 Almost certain" and Impact "5 Severe" from their combo boxes
  3. matrix    the Insights tab: T02 is in the inherent cell Almost certain x Severe and no longer
               in Unlikely x Minor (screenshot)
  4. filter    click that cell: the Threats tab lists T02 alone
  5. undo      Ctrl+Z twice: T02 is back in Unlikely x Minor
  6. save      rate again, Ctrl+S: the saved file says likelihood AlmostCertain, impact Severe

Exit code 0 when every step passed. Screenshots in --out.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ron  # noqa: E402
from driver import App, clear_out_dir  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class Run:
    def __init__(self, binary, out):
        self.out = out
        self.work = tempfile.mkdtemp(prefix="strider-risk-")
        self.model = os.path.join(self.work, "vehicle.ron")
        shutil.copy(os.path.join(ROOT, "samples", "connected-vehicle.ron"), self.model)
        self.app = App(binary, [self.model], out_dir=out, name="risk")
        self.steps = []

    def step(self, name, fn):
        t0 = time.monotonic()
        try:
            detail = fn() or ""
            status = "PASS"
        except Exception as e:  # noqa: BLE001 - every failure is reported, then the run goes on
            detail = f"{type(e).__name__}: {e}"
            status = "FAIL"
        shot = os.path.join(self.out, f"{len(self.steps) + 1:02d}-{name}.png")
        try:
            self.app.screenshot(shot)
        except Exception:  # noqa: BLE001
            pass
        if self.app.panicked():
            status, detail = "FAIL", f"panic: {self.app.panic_message()}"
        self.steps.append((name, status, detail, time.monotonic() - t0))
        print(f"{status}  {name}: {detail}", flush=True)
        return status == "PASS"

    def tab(self, name):
        self.app.click(self.app.find(role="toggle button", name_contains=name, timeout=5))
        time.sleep(0.6)

    def pick(self, combo_name, item):
        combo = self.app.find(role="combo box", name=combo_name, timeout=5)
        self.app.click(combo)
        time.sleep(0.5)
        choice = self.app.find(name=item, timeout=5, pred=lambda w: w.y > combo.y)
        self.app.click(choice)
        time.sleep(0.6)

    def cell(self, stage, likelihood, impact):
        prefix = f"{stage} risk {likelihood} x {impact} "
        return self.app.find(role="push button", name_contains=prefix, timeout=5)

    def s_open(self):
        self.app.start()
        self.tab("Threats (")
        self.app.click(self.app.find(name="Threat T02", timeout=5))
        self.app.find(role="label", name="Threat T02", timeout=5)
        return "the editor shows T02"

    def rate(self):
        self.pick("Likelihood", "5 Almost certain")
        self.pick("Impact", "5 Severe")

    def s_rate(self):
        self.rate()
        risk = self.app.find(role="label", name_contains="25 Critical", timeout=5)
        return f"the editor says {risk.name!r}"

    def s_matrix(self):
        self.tab("Insights")
        moved = self.cell("Inherent", "Almost certain", "Severe")
        assert "T02" in moved.name, moved.name
        old = self.cell("Inherent", "Unlikely", "Minor")
        assert "T02" not in old.name, old.name
        return f"{moved.name!r}; old cell {old.name!r}"

    def s_filter(self):
        self.app.click(self.cell("Inherent", "Almost certain", "Severe"))
        time.sleep(0.8)
        rows = [w.name for w in self.app.find_all(name_prefix="Threat T", role=None)
                if w.name.startswith("Threat T") and w.name != "Threat T02"]
        listed = self.app.exists(name="Threat T02", timeout=3)
        assert listed, "T02 is not listed"
        assert not rows, f"other rows listed: {rows}"
        return "the Threats tab lists T02 alone"

    def s_undo(self):
        self.app.click_at(420, 150)  # empty canvas: takes the focus from any widget
        self.app.key("ctrl+z")
        time.sleep(0.4)
        self.app.key("ctrl+z")
        time.sleep(0.6)
        self.tab("Insights")
        back = self.cell("Inherent", "Unlikely", "Minor")
        assert "T02" in back.name, back.name
        return f"back in {back.name!r}"

    def s_save(self):
        self.tab("Threats (")
        clear = self.app.find_all(role="push button", name_contains="[x]")
        for c in clear:
            self.app.click(c)
        time.sleep(0.5)
        self.app.click(self.app.find(name="Threat T02", timeout=5))
        self.rate()
        self.app.click_at(420, 150)
        self.app.key("ctrl+s")
        time.sleep(1.5)
        model = ron.load(self.model)["model"]
        t02 = next(t for t in model["threats"] if t["id"] == "T02")
        rating = t02.get("rating")
        assert rating == {"likelihood": "AlmostCertain", "impact": "Severe"}, rating
        return f"saved rating {rating}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "gui-risk"))
    a = ap.parse_args()
    out = os.path.abspath(a.out)
    clear_out_dir(out)
    r = Run(a.binary, out)
    try:
        if r.step("open", r.s_open):
            for name, fn in [("rate", r.s_rate), ("matrix", r.s_matrix),
                             ("filter", r.s_filter), ("undo", r.s_undo), ("save", r.s_save)]:
                r.step(name, fn)
    finally:
        r.app.stop()
        shutil.rmtree(r.work, ignore_errors=True)
    failed = [s for s in r.steps if s[1] != "PASS"]
    print(f"\nrisk: {len(r.steps) - len(failed)} of {len(r.steps)} steps passed; "
          f"screenshots in {out}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
