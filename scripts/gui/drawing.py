"""Drawing by hand in the real Strider window: bend a flow, resize a boundary from its left edge,
move a selected boundary from inside — real mouse input, checked against the saved file.

Run inside scripts/gui/run.sh:

    bash scripts/gui/run.sh drawing.py target/debug/strider [--out target/gui-drawing]

Steps (PASS / FAIL / SKIP; a step that needs an earlier one is skipped when that one failed):
  1. start    `strider WORK/drawing.ron`, a copy of tests/fixtures/drawing.ron (Customer -> Orders
              API, inside the boundary "Cloud")
  2. bend     click the flow's line to select it, then drag its middle 90 px down: one bend
  3. resize   click the boundary's name tab, then drag its left edge's handle 80 px left: the
              right edge stays
  4. move     drag from empty space inside the selected boundary, 50 px down: the boundary moves,
              the process inside it does not
  5. save     Ctrl+S, Ctrl+Q; the saved file has the bend and the boundary's new rectangle

Screenshots of every step in --out. Exit code 0 when every step passed.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ron  # noqa: E402
from driver import App, GuiError, clear_out_dir  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


class Drawing:
    def __init__(self, binary, out):
        self.binary = binary
        self.out = out
        self.work = tempfile.mkdtemp(prefix="strider-drawing-")
        self.path = os.path.join(self.work, "drawing.ron")
        shutil.copy(os.path.join(ROOT, "tests", "fixtures", "drawing.ron"), self.path)
        self.app = None
        self.steps = []
        self.shot = 0
        self.before = None

    def step(self, name, fn, needs=()):
        for n in needs:
            if not any(s[0] == n and s[1] == "PASS" for s in self.steps):
                self.steps.append((name, "SKIP", f"needs step '{n}'"))
                print(f"[SKIP] {name}: needs step '{n}'", flush=True)
                return False
        try:
            detail = fn() or ""
            status = "PASS"
        except (GuiError, AssertionError, OSError, ValueError, KeyError) as e:
            status, detail = "FAIL", f"{type(e).__name__}: {e}"
            if self.app is not None and self.app.panicked():
                detail += f" | app panicked: {self.app.panic_message()}"
        self.steps.append((name, status, detail))
        print(f"[{status}] {name} {detail}"[:1200], flush=True)
        if self.app is not None and self.app.alive():
            self.shot += 1
            self.app.screenshot(os.path.join(self.out, f"{self.shot:02d}-{name}.png"))
        return status == "PASS"

    def layout(self):
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            data = self.app.layout()
            if data and data.get("flows") is not None:
                return data
            time.sleep(0.2)
        raise GuiError("no automation file from the app")

    def model(self):
        return ron.load(self.path)

    # ----- steps -----

    def start(self):
        self.app = App(self.binary, [self.path], out_dir=self.out, name="drawing").start()
        self.before = self.layout()
        assert "F1" in self.before["flows"], self.before
        return f"zoom {self.before['zoom']:.2f}"

    def bend(self):
        pts = self.layout()["flows"]["F1"]["points"]
        (x1, y1), (x2, y2) = pts[0], pts[-1]
        # A third of the way along: clear of the label in the middle.
        gx, gy = x1 + (x2 - x1) * 0.3, y1 + (y2 - y1) * 0.3
        self.app.click_at(gx, gy)
        time.sleep(0.5)
        self.app.drag(gx, gy, gx, gy + 90)
        time.sleep(0.5)
        pts = self.layout()["flows"]["F1"]["points"]
        assert len(pts) == 3, f"expected one bend, the line is {pts}"
        bx, by = pts[1]
        assert abs(bx - gx) < 6 and abs(by - (gy + 90)) < 6, f"bend at {pts[1]}, dropped at {(gx, gy + 90)}"
        return f"line now {pts}"

    def resize(self):
        b = self.layout()["boundaries"]["B1"]
        tx, ty = b["tab"]
        self.app.click_at(tx, ty)
        time.sleep(0.5)
        (x0, y0), (x1, y1) = b["min"], b["max"]
        mid = (y0 + y1) / 2
        self.app.drag(x0, mid, x0 - 80, mid)
        time.sleep(0.5)
        n = self.layout()["boundaries"]["B1"]
        assert abs(n["min"][0] - (x0 - 80)) <= 4, f"left edge {n['min'][0]}, wanted {x0 - 80}"
        assert abs(n["max"][0] - x1) <= 1, f"right edge moved: {n['max'][0]} vs {x1}"
        assert abs(n["min"][1] - y0) <= 1 and abs(n["max"][1] - y1) <= 1, n
        return f"{b['min']}..{b['max']} -> {n['min']}..{n['max']}"

    def move(self):
        lay = self.layout()
        b = lay["boundaries"]["B1"]
        p1 = lay["elements"]["P1"]["center"]
        (x0, y0), (x1, y1) = b["min"], b["max"]
        # Empty space inside: left part, near the bottom (the process is on the right).
        gx, gy = x0 + 30, y1 - 30
        self.app.drag(gx, gy, gx, gy + 50)
        time.sleep(0.5)
        lay = self.layout()
        n = lay["boundaries"]["B1"]
        assert abs(n["min"][1] - (y0 + 50)) <= 4, f"top {n['min'][1]}, wanted {y0 + 50}"
        assert abs(n["min"][0] - x0) <= 1, n
        assert lay["elements"]["P1"]["center"] == p1, "the process moved with it"
        return f"{b['min']} -> {n['min']}"

    def save(self):
        self.app.key("ctrl+s")
        time.sleep(1.0)
        self.app.key("ctrl+q")
        code = self.app.wait_exit(timeout=8)
        assert code == 0, f"exit code {code}: {self.app.stderr_tail()}"
        m = self.model()
        d = m["model"]["diagrams"][0]
        flow = d["flows"][0]
        assert len(flow.get("waypoints", [])) == 1, flow
        b = d["boundaries"][0]
        assert b["pos"][0] < 480.0 - 20 and b["size"][0] > 300.0 + 20, b
        assert b["pos"][1] > 100.0 + 20, b
        return f"saved bend {flow['waypoints']}, boundary {b['pos']} {b['size']}"

    def run(self):
        self.step("start", self.start)
        self.step("bend", self.bend, needs=["start"])
        self.step("resize", self.resize, needs=["start"])
        self.step("move", self.move, needs=["resize"])
        self.step("save", self.save, needs=["bend", "move"])
        if self.app is not None and self.app.alive():
            self.app.stop()
        failed = [s for s in self.steps if s[1] != "PASS"]
        print(f"drawing: {len(self.steps) - len(failed)} of {len(self.steps)} steps passed")
        return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--out", default="target/gui-drawing")
    args = ap.parse_args()
    clear_out_dir(args.out)
    sys.exit(Drawing(args.binary, args.out).run())


if __name__ == "__main__":
    main()
