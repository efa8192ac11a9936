"""A user journey through the real Strider window, at human speed, checked against the saved file.

Run inside scripts/gui/run.sh:

    bash scripts/gui/run.sh journey.py target/debug/strider [--out target/gui-journey]

Steps (each reported as PASS / FAIL / SKIP with the reason; a step that needs an earlier one is
skipped when that one failed):
  1. start      `strider WORK/journey.ron` on a path that does not exist yet: a new, empty model
                bound to that path
  2. reviewers  type "Mei Lin, Ana Silva" into Reviewers (comma separated) and click the next
                field right away
  3. draw       drag External actor, Process and Data store from the palette onto the canvas
  4. rename     each new element: click it, F2 (the old name is selected), type, Enter
  5. connect    drag from the actor's right handle onto the process
  5a. slowframes  rename on the canvas with the last key and a click in the same frame, while
                busy processes slow the frames (the keys must all land)
  5b. label     select the flow, type its label, click the next field 40 ms after the last key
  6. threat     'New threat' in the threats list, then the six grammar parts (two of them comma
                lists) typed into the threat editor, clicking the next field after each
  6a. workshop  the Workshop tab: add a Business person, type the name and contact key by key,
                add the workshop's retrospective questions, undo that (Ctrl+Z), redo it
  7. save       Ctrl+S writes the bound path (no dialog); the status bar says Saved
  8. samples    File > Open sample with the saved model (no prompt), then with an unsaved one
                (prompt: Discard changes), each sample once
  9. recent     File > Open recent > journey.ron brings the model back
 10. export     File > Export > Workbook, A4 (PDF) through the in-app file dialog (Folder, File
                name, Save); the PDF's first page is rendered to PNG with pdftoppm
 11. quit       Ctrl+Q: the app must end with code 0 and no prompt (everything is saved)
 12. verify     read the saved RON and compare every typed value exactly; `strider check` is ok
 13. reopen     start the app on the saved file, read the typed values back from the window,
                quit: the file is byte for byte what was saved
 14. columns    widen the Threats list's ID column by dragging, quit, start again with the same
                state folder: the column has kept its width

Exit code: 0 when every step passed, 1 otherwise. Screenshots of every step in --out.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ron  # noqa: E402
from driver import App, GuiError, clear_out_dir, menu_label  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

# What is typed, exactly as it must come back from the saved file.
NAMES = {"External actor": "Shop customer", "Process": "Orders API", "Data store": "Orders table"}
THREAT = [
    ("Threat source", "source", "internet-based threat actor"),
    ("Prerequisites", "prerequisites", "with a stolen session token"),
    ("Threat action", "action", "replay the token against the Orders API"),
    ("Threat impact", "impact", "orders placed in a customer's name"),
    ("Impacted goals", "impacted_goals", "integrity, non-repudiation"),
    ("Impacted assets", "impacted_assets", "orders, customer accounts"),
]
SAVE_NAME = "journey.ron"
REVIEWERS = "Mei Lin, Ana Silva"
FLOW_LABEL = "Order details"
SAMPLES = ["Connected Vehicle (workshop)", "Serverless analytics"]
TEAM_NAME = "Dana Okafor"
TEAM_CONTACT = "Product owner, dana@example.com"


class Journey:
    def __init__(self, binary, out):
        self.binary = binary
        self.out = out
        self.work = tempfile.mkdtemp(prefix="strider-journey-")
        self.app = None
        self.steps = []  # (name, status, detail, seconds)
        self.new_ids = {}  # palette name -> element id
        self.saved_path = None
        self.threat_id = None
        self.diagram_id = None
        self.shot = 0

    def screenshot(self, label):
        self.shot += 1
        return self.app.screenshot(os.path.join(self.out, f"{self.shot:02d}-{label}.png"))

    def step(self, name, fn, needs=()):
        for n in needs:
            if not any(s[0] == n and s[1] == "PASS" for s in self.steps):
                self.steps.append((name, "SKIP", f"needs step '{n}'", 0.0))
                print(f"[SKIP] {name}: needs step '{n}'", flush=True)
                return False
        t0 = time.monotonic()
        try:
            detail = fn() or ""
            status = "PASS"
        except (GuiError, AssertionError, OSError, ValueError, KeyError) as e:
            status, detail = "FAIL", f"{type(e).__name__}: {e}"
            if self.app is not None and self.app.panicked():
                detail += f" | app panicked: {self.app.panic_message()}"
        dt = time.monotonic() - t0
        self.steps.append((name, status, detail, dt))
        print(f"[{status}] {name} ({dt:.1f}s) {detail}"[:1200], flush=True)
        if self.app is not None and self.app.proc is not None:
            try:
                self.screenshot(name)
            except Exception:
                pass
        return status == "PASS"

    # ----- helpers -----

    def layout(self, timeout=3):
        """The app's automation file: {"elements": {id: {"name", "center", "right_handle"}}}."""
        deadline = time.monotonic() + timeout
        while True:
            data = self.app.layout()
            if data is not None or time.monotonic() > deadline:
                return data or {"elements": {}}
            time.sleep(0.2)

    def canvas_rect(self):
        """The canvas area on screen: between the side panels, below the tabs, above the lists."""
        seps = self.app.find_all(role="separator", name="Resize panel")
        vert = sorted((w for w in seps if "vertical" in w.states), key=lambda w: w.x)
        horiz = [w for w in seps if "horizontal" in w.states]
        left = vert[0].x + vert[0].w if vert else 193
        right = vert[-1].x if len(vert) > 1 else 957
        bottom = horiz[0].y if horiz else 542
        tabs = self.app.find_all(role="push button", name="+", pred=lambda w: w.y < 60)
        top = (tabs[0].y + tabs[0].h + 4) if tabs else 48
        return left, top, right, bottom

    def wait_layout(self, pred, timeout=4):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            els = self.layout()["elements"]
            hit = pred(els)
            if hit:
                return hit
            time.sleep(0.25)
        return None

    # ----- steps -----

    def s_start(self):
        self.saved_path = os.path.join(self.work, SAVE_NAME)
        self.app = App(self.binary, [self.saved_path], out_dir=self.out, name="journey",
                       env={"STRIDER_FILE_DIALOG": "builtin"}).start()
        title = self.app.window_title() or ""
        assert SAVE_NAME in title, f"the window is not bound to {SAVE_NAME}: {title!r}"
        status = self.app.find(role="label", name_contains="Ctrl+S creates", timeout=3)
        assert not os.path.exists(self.saved_path), "the file was created before any save"
        return f"window up in {self.app.start_seconds:.1f}s: {title!r}; status {status.name!r}"

    def s_reviewers(self):
        field = self.app.find(role="entry", name="Reviewers (comma separated)", timeout=3)
        self.app.click(field)
        # Move on at once, as a person does (50 ms after the last key): the last keys must
        # still land in Reviewers.
        self.app.type_then_click(REVIEWERS, self.app.find(role="entry", name="Date"))
        time.sleep(0.4)
        got = self.app.text_of(self.app.find(role="entry", name="Reviewers (comma separated)"))
        assert got == REVIEWERS, f"Reviewers shows {got!r} after typing {REVIEWERS!r}"
        return f"Reviewers reads {got!r}"

    def s_sample(self):
        self.app.menu("File", "Open sample", "Connected Vehicle (workshop)")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            self.app.check_alive()
            title = self.app.window_title() or ""
            if "Connected Vehicle" in title:
                return f"title {title!r}"
            time.sleep(0.25)
        raise AssertionError(f"the title did not change to the sample's: {title!r}")

    def s_diagram(self):
        before = {w.name for w in self.tab_buttons()}
        self.app.menu("Diagram", "New diagram")
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline:
            new = {w.name for w in self.tab_buttons()} - before
            if new:
                els = self.layout()["elements"]
                assert not els, f"the new diagram is not empty: {sorted(els)}"
                return f"new tab {sorted(new)[0]!r}, empty canvas"
            time.sleep(0.25)
        raise AssertionError("no new diagram tab appeared")

    def tab_buttons(self):
        tabs = self.app.find_all(role="toggle button", pred=lambda w: 20 <= w.y <= 50)
        return [w for w in tabs if w.x > 150]

    def s_draw(self):
        left, top, right, bottom = self.canvas_rect()
        spots = {
            "External actor": (left + 130, top + 110),
            "Process": (left + 390, top + 110),
            "Data store": (left + 390, min(bottom - 60, top + 300)),
        }
        notes = []
        for item, (x, y) in spots.items():
            before = set(self.layout()["elements"])
            src = self.app.find(role="push button", name=item)
            self.app.drag(*src.center, x, y)
            new = self.wait_layout(lambda els, b=before: [k for k in els if k not in b])
            assert new, f"dragging {item!r} to {x},{y} added no element"
            self.new_ids[item] = new[0]
            notes.append(f"{item} -> {new[0]}")
        return ", ".join(notes)

    def s_rename(self):
        for item, name in NAMES.items():
            eid = self.new_ids[item]
            cx, cy = self.layout()["elements"][eid]["center"]
            self.app.click_at(cx, cy)
            self.app.key("F2")
            entry = self.app.find(role="entry", name="Rename", timeout=3)
            assert "focused" in entry.states, "the rename field does not have the focus"
            # No Ctrl+A: the old name starts selected, so typing replaces it.
            self.app.type_text(name)
            self.app.key("Return")
            got = self.wait_layout(lambda els, e=eid, n=name: els.get(e, {}).get("name") == n)
            assert got, (f"{eid} is called {self.layout()['elements'][eid]['name']!r} "
                         f"after typing {name!r}")
        return ", ".join(f"{self.new_ids[k]}={v!r}" for k, v in NAMES.items())

    def s_connect(self):
        els = self.layout()["elements"]
        a, p = els[self.new_ids["External actor"]], els[self.new_ids["Process"]]
        hx, hy = a["right_handle"]
        self.app.move(hx - 10, hy)  # hover the element so its handles show
        time.sleep(0.3)
        self.app.drag(hx, hy, *p["center"])
        # The flow is checked in the saved file; here only that the app is fine.
        self.app.check_alive()
        return f"dragged {hx},{hy} -> {p['center']}"

    def s_slow_frames(self):
        """Renames the data store on the canvas 6 times, the last key and a click on the
        properties' Technology field sent in one xdotool call, while three busy processes slow
        the frames: the click arrives in the same frame as the key, the case that lost the
        last characters of a name before input pacing."""
        eid = self.new_ids["Data store"]
        busy = [subprocess.Popen(["sh", "-c", "while :; do :; done"]) for _ in range(3)]
        lost = []
        try:
            for i in range(6):
                name = NAMES["Data store"] + ("" if i == 5 else f" {i}")
                cx, cy = self.layout()["elements"][eid]["center"]
                self.app.click_at(cx, cy)
                self.app.key("F2")
                self.app.find(role="entry", name="Rename", timeout=3)
                tech = self.app.find(role="entry", name="Technology")
                self.app.type_text(name[:-1])
                self.app.key_then_click(name[-1], tech)
                # Busy processes can hold the frame that applies the rename for a while: wait
                # for the name to change, so only a key that never lands counts as lost.
                deadline = time.monotonic() + 5
                got = self.layout()["elements"][eid]["name"]
                while got != name and time.monotonic() < deadline:
                    time.sleep(0.2)
                    got = self.layout()["elements"][eid]["name"]
                if got != name:
                    lost.append(f"{got!r} != {name!r}")
        finally:
            for p in busy:
                p.kill()
        assert not lost, f"{len(lost)} of 6 renames lost keys: " + "; ".join(lost)
        return "6 of 6 renames kept every key"

    def s_label(self):
        """Selects the new flow by its label and renames it in the properties, clicking the
        next field 40 ms after the last key."""
        els = self.layout()["elements"]
        a, p = els[self.new_ids["External actor"]], els[self.new_ids["Process"]]
        mid = ((a["right_handle"][0] + p["center"][0]) / 2, a["right_handle"][1])
        self.app.click_at(*mid)
        field = self.app.find(role="entry", name="Data carried (label)", timeout=3)
        self.app.click(field)
        self.app.key("ctrl+a")
        self.app.type_then_click(FLOW_LABEL, self.app.find(role="entry", name="Protocol"),
                                 gap=0.04)
        time.sleep(0.4)
        got = self.app.text_of(self.app.find(role="entry", name="Data carried (label)"))
        assert got == FLOW_LABEL, f"the label reads {got!r} after typing {FLOW_LABEL!r}"
        return f"label reads {got!r}"

    def s_threat(self):
        self.app.click_at(*self.empty_canvas_spot())  # nothing selected
        self.app.click(self.app.find(role="push button", name="New threat"))
        # The editor is docked at the right; its heading names the threat.
        editor = self.app.find(role="label", name_contains="Threat T", timeout=5)
        self.threat_id = editor.name.split()[-1]
        for i, (label, _, value) in enumerate(THREAT):
            field = self.app.find(role="entry", name=label, timeout=3)
            if i == 0:
                self.app.click(field)
            # Move on as a person does: click the next field 30-90 ms after the last key (the
            # last field moves on to the title).
            nxt = THREAT[i + 1][0] if i + 1 < len(THREAT) else "Short title"
            self.app.type_then_click(value, self.app.find(role="entry", name=nxt, timeout=3),
                                     gap=0.03 + 0.012 * i)
        time.sleep(0.5)
        wrong = []
        for label, _, value in THREAT:
            got = self.app.text_of(self.app.find(role="entry", name=label))
            if got != value:
                wrong.append(f"{label}: {got!r} != {value!r}")
        assert not wrong, "fields read back differently: " + "; ".join(wrong)
        return f"{self.threat_id}: six fields typed and read back"

    def empty_canvas_spot(self):
        left, top, right, bottom = self.canvas_rect()
        return (right - 40, bottom - 30)

    def close_threat_editor(self):
        """Escape closes the threat editor (after a click on the canvas takes the focus)."""
        if self.app.exists(role="label", name_contains="Threat T"):
            self.app.click_at(*self.empty_canvas_spot())
            self.app.key("Escape")
            self.app.wait_gone(role="label", name_contains="Threat T", timeout=3)

    def s_workshop(self):
        self.close_threat_editor()
        self.app.click(self.app.find(role="toggle button", name="Workshop", timeout=3))
        self.app.click(self.app.find(role="push button", name="Add a Business", timeout=3))
        name = self.app.find(role="entry", name="Business name", timeout=3)
        self.app.click(name)
        self.app.type_then_click(TEAM_NAME, self.app.find(role="entry", name="Business contact"))
        self.app.type_then_click(TEAM_CONTACT, name)
        time.sleep(0.5)
        got = (self.app.text_of(self.app.find(role="entry", name="Business name")),
               self.app.text_of(self.app.find(role="entry", name="Business contact")))
        assert got == (TEAM_NAME, TEAM_CONTACT), f"the team reads {got!r}"
        # The retrospective is further down the workshop's tables: scroll there with the wheel.
        for _ in range(8):
            self.app.click_at(name.x + 200, name.y, button=5)
            time.sleep(0.1)
        self.app.click(self.app.find(role="push button", name="Add the workshop's questions",
                                     timeout=3))
        time.sleep(0.5)
        questions = len(self.app.find_all(role="entry", name_prefix="Answer", visible=False))
        assert questions >= 8, f"{questions} retrospective answers after adding the questions"
        # Undo takes the questions away (one step), redo brings them back.
        self.app.click_at(*self.empty_canvas_spot())
        self.app.key("ctrl+z")
        time.sleep(0.5)
        after_undo = len(self.app.find_all(role="entry", name_prefix="Answer", visible=False))
        assert after_undo == 0, f"{after_undo} answers left after Ctrl+Z"
        self.app.key("ctrl+shift+z")
        time.sleep(0.5)
        after_redo = len(self.app.find_all(role="entry", name_prefix="Answer", visible=False))
        assert after_redo == questions, f"{after_redo} answers after redo, not {questions}"
        return (f"team {got[0]!r} / {got[1]!r}; {questions} retrospective questions, "
                f"undone and redone")

    def s_columns(self):
        state = os.path.join(self.work, "layout-state")
        os.makedirs(state, exist_ok=True)

        def start():
            app = App(self.binary, [self.saved_path], out_dir=self.out, name="columns",
                      state_dir=state).start()
            app.click(app.find(role="toggle button", name_contains="Threats (", timeout=3))
            return app

        self.app = start()
        target = self.app.find(role="push button", name="Target", timeout=3)
        before = target.x
        y = target.y + target.h // 2
        self.app.drag(target.x - 2, y, target.x + 88, y, steps=12)
        time.sleep(0.4)
        widened = self.app.find(role="push button", name="Target").x
        assert widened - before > 60, f"the Target column moved from {before} to {widened}"
        self.app.key("ctrl+q")
        assert self.app.wait_exit(6) == 0, "the app did not quit"
        self.app = start()
        again = self.app.find(role="push button", name="Target", timeout=3).x
        self.app.key("ctrl+q")
        self.app.wait_exit(6)
        assert abs(again - widened) <= 2, (
            f"after a restart the Target column starts at {again}, not {widened}")
        return f"Target column at {before}, dragged to {widened}, {again} after a restart"

    def s_save(self):
        self.close_threat_editor()
        self.app.click_at(*self.empty_canvas_spot())
        self.app.key("ctrl+s")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not os.path.exists(self.saved_path):
            time.sleep(0.25)
        assert os.path.exists(self.saved_path), (
            f"Ctrl+S wrote nothing at {self.saved_path} (title {self.app.window_title()!r})")
        assert not self.app.find_all(role="entry", name="File name"), "a dialog was shown"
        self.app.find(role="label", name="Saved", timeout=3)
        with open(self.saved_path, "rb") as f:
            self.saved_bytes = f.read()
        return f"saved to {self.saved_path} ({len(self.saved_bytes)} bytes); status Saved"

    def wait_title(self, part, timeout=6):
        deadline = time.monotonic() + timeout
        title = ""
        while time.monotonic() < deadline:
            self.app.check_alive()
            title = self.app.window_title() or ""
            if part in title:
                return title
            time.sleep(0.25)
        raise AssertionError(f"the title did not change to name {part!r}: {title!r}")

    def s_samples(self):
        notes = []
        # Saved model: the sample opens at once (this is where the app used to panic).
        self.app.menu("File", "Open sample", SAMPLES[0])
        notes.append(self.wait_title("Connected Vehicle"))
        # Unsaved model: a prompt first; Discard changes goes ahead.
        title = self.app.find(role="entry", name="Title", timeout=3)
        self.app.click(title)
        self.app.key("End")
        self.app.type_text(" (edited)")
        self.app.click_at(*self.empty_canvas_spot())
        self.app.find(role="label", name="Unsaved changes", timeout=3)
        self.app.menu("File", "Open sample", SAMPLES[1])
        discard = self.app.find(role="push button", name="Discard changes", timeout=4)
        self.app.click(discard)
        notes.append(self.wait_title("analytics"))
        return "; ".join(notes)

    def s_recent(self):
        item = next((w for w in self.open_recent_items() if SAVE_NAME in w), None)
        assert item, f"{SAVE_NAME} is not in File > Open recent"
        self.app.menu("File", "Open recent", item)
        title = self.wait_title(SAVE_NAME)
        return f"{item} -> {title!r}"

    def open_recent_items(self):
        item = self.app.menu("File", "Open recent", click_last=False)
        self.app.move(*item.center)  # hovering opens the submenu
        time.sleep(0.8)
        names = [menu_label(w.name) for w in self.app.menu_items() if w.x > item.x + 20]
        self.app.close_menus()
        return names

    def fill_file_dialog(self, folder, name, button):
        """Types a folder and a file name into the in-app dialog, then presses `button`."""
        entry = self.app.find(role="entry", name="Folder", timeout=4)
        self.app.click(entry)
        self.app.key("ctrl+a")
        self.app.type_text(folder)
        self.app.key("Return")
        entry = self.app.find(role="entry", name="File name", timeout=3)
        self.app.click(entry)
        self.app.key("ctrl+a")
        self.app.type_text(name)
        self.app.click(self.app.find(role="push button", name=button, pred=lambda w: w.y > 60))

    def s_export(self):
        self.app.menu("File", "Export", "Workbook, A4 (PDF)...")
        pdf = os.path.join(self.work, "journey-workbook.pdf")
        self.fill_file_dialog(self.work, "journey-workbook", "Save")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not os.path.exists(pdf):
            time.sleep(0.25)
        assert os.path.exists(pdf), "no workbook written (.pdf is added to the typed name)"
        with open(pdf, "rb") as f:
            assert f.read(5) == b"%PDF-", "the workbook is not a PDF"
        self.app.find(role="label", name_contains="Exported", timeout=3)
        shutil.copy(pdf, os.path.join(self.out, "journey-workbook.pdf"))
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "3", pdf,
                            os.path.join(self.out, "workbook-page")], check=True)
        return f"{pdf} ({os.path.getsize(pdf)} bytes)"

    def s_quit(self):
        self.app.key("ctrl+q")
        code = self.app.wait_exit(6)
        if code is None:
            prompt = [w.name for w in self.app.find_all(role="label")
                      if "Save changes" in w.name]
            raise AssertionError(f"the app is still running 6 s after Ctrl+Q "
                                 f"{'(prompt: ' + prompt[0] + ')' if prompt else ''}")
        assert code == 0 and not self.app.panicked(), \
            f"exit code {code}; {self.app.panic_message() or ''}"
        return "exit code 0"

    def s_verify(self):
        model = ron.load(self.saved_path)["model"]
        problems = []
        elements = {e["id"]: e for d in model.get("diagrams", []) for e in d.get("elements", [])}
        for item, name in NAMES.items():
            e = elements.get(self.new_ids.get(item))
            if e is None:
                problems.append(f"{item} {self.new_ids.get(item)} is not in the file")
            elif e.get("name") != name:
                problems.append(f"{e['id']} name {e.get('name')!r} != {name!r}")
        flows = [f for d in model.get("diagrams", []) for f in d.get("flows", [])]
        a, p = self.new_ids.get("External actor"), self.new_ids.get("Process")
        if not any(f.get("from") == a and f.get("to") == p and f.get("label") == FLOW_LABEL
                   for f in flows):
            problems.append(f"no flow {a} -> {p} labelled {FLOW_LABEL!r}: {flows}")
        threats = {t["id"]: t for t in model.get("threats", [])}
        t = threats.get(self.threat_id)
        if t is None:
            problems.append(f"threat {self.threat_id} is not in the file "
                            f"(threats: {sorted(threats)[-3:]})")
        else:
            for label, key, value in THREAT:
                want = ([x.strip() for x in value.split(",") if x.strip()]
                        if key.startswith("impacted_") else value)
                if t.get(key, [] if key.startswith("impacted_") else "") != want:
                    problems.append(f"threat {key}: {t.get(key)!r} != {want!r}")
        check = run_check(self.binary, self.saved_path)
        if check:
            problems.append(check)
        team = [(m.get("persona"), m.get("name"), m.get("contact")) for m in model.get("team", [])]
        if ("Business", TEAM_NAME, TEAM_CONTACT) not in team:
            problems.append(f"team {team!r}")
        if len(model.get("retrospective", [])) < 8:
            problems.append(f"retrospective {model.get('retrospective')!r}")
        if model.get("info", {}).get("reviewers") != ["Mei Lin", "Ana Silva"]:
            problems.append(f"reviewers {model.get('info', {}).get('reviewers')!r}")
        assert not problems, "; ".join(problems)
        return "names, flow, reviewers and the six threat fields are in the file as typed"

    def s_reopen(self):
        self.app = App(self.binary, [self.saved_path], out_dir=self.out, name="reopen").start()
        got = self.app.text_of(self.app.find(role="entry", name="Reviewers (comma separated)",
                                             timeout=4))
        assert got == REVIEWERS, f"Reviewers reads {got!r} after reopening"
        self.app.key("ctrl+q")
        code = self.app.wait_exit(6)
        assert code == 0, f"exit code {code} after Ctrl+Q on an unchanged model"
        with open(self.saved_path, "rb") as f:
            assert f.read() == self.saved_bytes, "reopening and quitting changed the file"
        return f"Reviewers reads {got!r}; the file is unchanged"


def run_check(binary, path):
    """`strider check --json` on the saved file: None when ok, else what is wrong."""
    r = subprocess.run([binary, "check", path, "--json"], capture_output=True, text=True)
    try:
        summary = json.loads(r.stdout)
    except ValueError:
        return f"strider check failed: {r.stderr.strip()[:300]}"
    if not summary.get("ok"):
        return f"strider check: problems {summary.get('problems')}"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "gui-journey"))
    a = ap.parse_args()
    out = os.path.abspath(a.out)
    clear_out_dir(out)
    j = Journey(a.binary, out)
    t0 = time.monotonic()
    try:
        j.step("start", j.s_start)
        j.step("reviewers", j.s_reviewers, needs=("start",))
        j.step("draw", j.s_draw, needs=("start",))
        j.step("rename", j.s_rename, needs=("draw",))
        j.step("connect", j.s_connect, needs=("draw",))
        j.step("slowframes", j.s_slow_frames, needs=("rename",))
        j.step("label", j.s_label, needs=("connect",))
        j.step("threat", j.s_threat, needs=("start",))
        j.step("workshop", j.s_workshop, needs=("start",))
        j.step("save", j.s_save, needs=("start",))
        j.step("samples", j.s_samples, needs=("save",))
        j.step("recent", j.s_recent, needs=("save",))
        j.step("export", j.s_export, needs=("recent",))
        j.step("quit", j.s_quit, needs=("start",))
        j.step("verify", j.s_verify, needs=("save",))
        if j.app is not None:
            j.app.stop()
        j.step("reopen", j.s_reopen, needs=("verify",))
        if j.app is not None:
            j.app.stop()
        j.step("columns", j.s_columns, needs=("verify",))
        if j.saved_path:
            shutil.copy(j.saved_path, os.path.join(out, SAVE_NAME))
    finally:
        if j.app is not None:
            j.app.stop()
        shutil.rmtree(j.work, ignore_errors=True)
    failed = [s for s in j.steps if s[1] != "PASS"]
    print()
    for name, status, detail, dt in j.steps:
        print(f"{status:4s}  {name:8s} {dt:5.1f}s  {detail}"[:400])
    print(f"\njourney: {len(j.steps) - len(failed)} of {len(j.steps)} steps passed in "
          f"{time.monotonic() - t0:.0f}s; screenshots in {out}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
