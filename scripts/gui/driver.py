"""Drives the real Strider window in an X server with real input, finding widgets over AT-SPI.

egui exposes its widgets through AccessKit, which speaks AT-SPI on Linux when the session's
accessibility bus says it is enabled (scripts/gui/run.sh sets that up, with Xvfb and a private
D-Bus session). Widgets are found by role and accessible name, never by pixels; input goes
through xdotool, one event at a time with pauses, as a person's would.

Run it with Debian's /usr/bin/python3 (pyatspi is a system package), inside scripts/gui/run.sh.

    from driver import App
    app = App(binary, args=[model_path], out_dir="target/gui-x")
    app.start()
    app.menu("File", "Open sample", "Connected Vehicle (workshop)")
    app.click(app.find(role="push button", name="New threat"))
    app.type_text("internet-based threat actor")
    app.key("ctrl+s")
    app.stop()

Nothing found in the tree is kept across actions: every lookup re-walks the tree from the app's
root, polling until it appears or the timeout passes, because AccessKit updates the tree a frame
or so after each input.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import gi

gi.require_version("Atspi", "2.0")
import pyatspi  # noqa: E402
from gi.repository import Atspi, Gio, GLib  # noqa: E402

_STATE_NICKS = {}
for _i in range(64):
    try:
        _STATE_NICKS[_i] = Atspi.StateType(_i).value_nick.replace("-", " ")
    except ValueError:
        pass

SCREEN_W, SCREEN_H = 1280, 800


def on_screen(w):
    """Has a size, and its middle is on the screen (egui lists scrolled-away rows too)."""
    if not (w.w and w.h and w.w > 0 and w.h > 0):
        return False
    cx, cy = w.center
    return 0 <= cx < SCREEN_W and 0 <= cy < SCREEN_H


# Human speed: pauses between the separate events egui needs to see a hover, a press, a release.
HOVER_PAUSE = 0.2
PRESS_PAUSE = 0.08
AFTER_CLICK = 0.25
TYPE_DELAY_MS = 110


class GuiError(AssertionError):
    """A widget that never appeared, or an app that is no longer there."""


class Widget:
    """What the tree said about one accessible node at the moment of the lookup.

    `x, y, w, h` are screen coordinates (the window sits at 0,0 without a window manager);
    `states` is a set of pyatspi state names without the prefix, e.g. {"enabled", "focused"};
    `path` is the chain of ancestor (role, name) pairs, root first, for messages and debugging.
    """

    __slots__ = ("role", "name", "x", "y", "w", "h", "states", "path", "depth", "text", "acc",
                 "ifaces")

    def __init__(self, role, name, extents, states, path, depth, text=None, acc=None):
        self.role = role
        self.name = name
        self.x, self.y, self.w, self.h = extents if extents else (None,) * 4
        self.states = states
        self.path = path
        self.depth = depth
        self.text = text
        self.acc = acc  # the object path (or pyatspi object): valid only until the next action
        self.ifaces = ()

    @property
    def center(self):
        return (self.x + self.w // 2, self.y + self.h // 2)

    @property
    def enabled(self):
        return "enabled" in self.states or "sensitive" in self.states

    @property
    def visible(self):
        return self.w > 0 and self.h > 0

    def __repr__(self):
        return f"<{self.role} {self.name!r} at {self.x},{self.y} {self.w}x{self.h}>"

    def as_dict(self):
        return {
            "role": self.role,
            "name": self.name,
            "extents": [self.x, self.y, self.w, self.h],
            "states": sorted(self.states),
            "depth": self.depth,
        }


def _state_names(acc):
    try:
        ss = acc.getState()
        return {pyatspi.stateToString(s).replace("STATE_", "").lower().replace("_", " ")
                for s in ss.getStates()}
    except Exception:
        return set()


def _extents(acc):
    try:
        e = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        return (int(e.x), int(e.y), int(e.width), int(e.height))
    except Exception:
        return (0, 0, 0, 0)


def _text_of(acc, role):
    if role not in ("text", "entry", "password text"):
        return None
    try:
        t = acc.queryText()
        return t.getText(0, -1)
    except Exception:
        return None


_SHORTCUT = re.compile(r"\s+((?:(?:Ctrl|Shift|Alt|Cmd|Super)\+)*"
                       r"(?:[A-Z0-9+=-]|F\d{1,2}|Del|Delete|Esc|Enter|Tab|Space|Backspace|"
                       r"Insert|Home|End|PageUp|PageDown))$")


def menu_label(name):
    """A menu item's label without the shortcut egui appends to its name ("Save Ctrl+S")."""
    return _SHORTCUT.sub("", name)


def run(cmd, check=False, **kw):
    return subprocess.run(cmd, check=check, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **kw)


def xdo(*args):
    r = run(["xdotool", *map(str, args)])
    if r.returncode != 0:
        raise GuiError(f"xdotool {' '.join(map(str, args))} failed: {r.stderr.strip()}")
    return r.stdout


class App:
    """One run of the app: the process, its stderr log and a scratch state folder.

    binary: the executable (test a copy: another build may replace the original at any time).
    args: command-line arguments (a model path, usually).
    out_dir: where logs and screenshots go.
    state_dir: STRIDER_STATE_DIR for this run (default: a new empty folder per start).
    env: extra environment variables.
    """

    def __init__(self, binary, args=(), out_dir="target/gui", state_dir=None, env=None,
                 name="app", automation_file=True):
        self.binary = os.path.abspath(binary)
        self.args = list(args)
        self.out_dir = os.path.abspath(out_dir)
        os.makedirs(self.out_dir, exist_ok=True)
        self.name = name
        self.log_path = os.path.join(self.out_dir, f"{name}.stderr.log")
        self.state_dir = state_dir
        self.extra_env = dict(env or {})
        self.automation_file = automation_file
        self.proc = None
        self.pid = None
        self._scratch = None
        self.start_seconds = None

    # ----- process -----------------------------------------------------------------------------

    def start(self, timeout=40):
        """Starts the app and waits until its window is mapped and its tree has a menu bar."""
        t0 = time.monotonic()
        self._scratch = tempfile.mkdtemp(prefix="strider-gui-")
        env = dict(os.environ)
        if self.state_dir is None:
            self.state_dir = os.path.join(self._scratch, "state")
            os.makedirs(self.state_dir, exist_ok=True)
        env["STRIDER_STATE_DIR"] = self.state_dir
        if not env.get("XDG_RUNTIME_DIR"):
            rt = os.path.join(self._scratch, "runtime")
            os.makedirs(rt, mode=0o700, exist_ok=True)
            env["XDG_RUNTIME_DIR"] = rt
        if self.automation_file:
            env["STRIDER_AUTOMATION_FILE"] = os.path.join(self._scratch, "layout.json")
        env.setdefault("RUST_BACKTRACE", "1")
        env.update(self.extra_env)
        self.env = env
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([self.binary, *self.args], stdout=self.log,
                                     stderr=subprocess.STDOUT, env=env,
                                     start_new_session=True)
        self.pid = self.proc.pid
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise GuiError(f"{self.name}: the app exited during start-up "
                               f"(code {self.proc.returncode}):\n{self.stderr_tail()}")
            if self._window_id() and self._tree_ready():
                # A menu bar button with a size means a frame has been painted and sent.
                if self.find_all(role="push button", pred=lambda w: w.y < 40):
                    self.start_seconds = time.monotonic() - t0
                    self.focus()
                    return self
            time.sleep(0.2)
        raise GuiError(f"{self.name}: no window or accessibility tree after {timeout} s:\n"
                       f"{self.stderr_tail()}")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    @property
    def returncode(self):
        return None if self.proc is None else self.proc.poll()

    def stderr_text(self):
        try:
            self.log.flush()
        except Exception:
            pass
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stderr_tail(self, lines=25):
        return "\n".join(self.stderr_text().splitlines()[-lines:])

    def panicked(self):
        return "panicked" in self.stderr_text()

    def panic_message(self):
        """The first panic line and the one after it (the message), or None."""
        lines = self.stderr_text().splitlines()
        for i, l in enumerate(lines):
            if "panicked" in l:
                return " ".join(x.strip() for x in lines[i:i + 2])
        return None

    def healthy(self):
        """Running, or ended with code 0; and no panic in the log."""
        if self.panicked():
            return False
        return self.alive() or self.returncode == 0

    def wait_exit(self, timeout=5):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, timeout=3):
        """Ends the app (SIGTERM, then SIGKILL) and returns its exit code."""
        if self.proc is None:
            return None
        if self.alive():
            try:
                os.kill(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            if self.wait_exit(timeout) is None:
                try:
                    os.kill(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(5)
        try:
            self.log.close()
        except Exception:
            pass
        if self._scratch:
            shutil.rmtree(self._scratch, ignore_errors=True)
        return self.proc.returncode

    def layout(self):
        """The on-screen positions of diagram elements the app writes (STRIDER_AUTOMATION_FILE)."""
        path = self.env.get("STRIDER_AUTOMATION_FILE")
        try:
            with open(path) as f:
                return json.load(f)
        except (OSError, TypeError, ValueError):
            return None

    # ----- the window --------------------------------------------------------------------------

    def _window_id(self):
        if getattr(self, "_wid", None) and self.alive():
            return self._wid
        r = run(["xdotool", "search", "--pid", str(self.pid)])
        ids = r.stdout.split()
        if not ids:
            r = run(["xdotool", "search", "--name", "Strider"])
            ids = r.stdout.split()
        self._wid = ids[-1] if ids else None
        return self._wid

    def window_title(self):
        wid = self._window_id()
        if not wid:
            return None
        return run(["xdotool", "getwindowname", wid]).stdout.strip()

    def focus(self):
        """Gives the window the keyboard focus (there is no window manager to do it)."""
        wid = self._window_id()
        if wid:
            run(["xdotool", "windowfocus", "--sync", wid])
            time.sleep(0.05)

    # ----- the accessibility tree ----------------------------------------------------------------
    #
    # Fast path: AccessKit implements AT-SPI's org.a11y.atspi.Cache interface, whose GetItems
    # returns the whole tree (role, name, states, parent, index) in one D-Bus call; screen extents
    # and text are then asked only for the nodes a lookup needs. Walking with pyatspi node by node
    # takes about 2 s for the sample's ~220 nodes (all uncached round trips); GetItems ~25 ms.
    # When the app has no Cache interface, the pyatspi walk is the fallback.

    _shared_bus = None  # one connection to the accessibility bus for every App

    def _a11y_bus(self):
        if App._shared_bus is None or App._shared_bus.is_closed():
            sess = Gio.bus_get_sync(Gio.BusType.SESSION, None)
            addr = sess.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress",
                                  None, GLib.VariantType("(s)"), 0, -1, None).unpack()[0]
            flags = (Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
                     | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION)
            App._shared_bus = Gio.DBusConnection.new_for_address_sync(addr, flags, None, None)
        return App._shared_bus

    def _app_bus_name(self):
        """The app's unique name on the accessibility bus (found by its process id)."""
        if getattr(self, "_bus_name", None):
            return self._bus_name
        bus = self._a11y_bus()
        names = bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                              "org.freedesktop.DBus", "ListNames", None, None, 0, -1,
                              None).unpack()[0]
        for n in names:
            if not n.startswith(":"):
                continue
            try:
                pid = bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                    "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                                    GLib.Variant("(s)", (n,)), None, 0, -1, None).unpack()[0]
            except GLib.Error:
                continue
            if pid == self.pid:
                self._bus_name = n
                return n
        return None

    def _call(self, path, iface, method, args=None, timeout_ms=3000):
        return self._a11y_bus().call_sync(self._app_bus_name(), path, iface, method, args, None,
                                          0, timeout_ms, None).unpack()

    def _extents_of(self, path):
        try:
            return tuple(int(v) for v in self._call(path, "org.a11y.atspi.Component",
                                                    "GetExtents", GLib.Variant("(u)", (0,)))[0])
        except GLib.Error:
            return (0, 0, 0, 0)

    def _text_at(self, path):
        try:
            return self._call(path, "org.a11y.atspi.Text", "GetText",
                              GLib.Variant("(ii)", (0, -1)))[0]
        except GLib.Error:
            return None

    def _cache_items(self):
        """The whole tree from one GetItems call, as Widgets in depth-first order, or None."""
        if self._app_bus_name() is None:
            return None
        try:
            items = self._call("/org/a11y/atspi/cache", "org.a11y.atspi.Cache", "GetItems")[0]
        except GLib.Error:
            return None
        nodes, kids = {}, {}
        for (obj, _app, parent, index, _n, ifaces, name, role, _desc, states) in items:
            path = obj[1]
            bits = states[0] | (states[1] << 32) if len(states) > 1 else states[0]
            st = {_STATE_NICKS.get(i, str(i)) for i in range(64) if bits >> i & 1}
            nodes[path] = (Atspi.role_get_name(role), name, st, ifaces)
            kids.setdefault(parent[1], []).append((index, path))
        root = "/org/a11y/atspi/accessible/root"
        out = []

        def rec(path, depth, trail):
            role, name, st, ifaces = nodes[path]
            w = Widget(role, name, None, st, trail, depth)
            w.acc = path
            w.ifaces = ifaces
            out.append(w)
            for _, c in sorted(kids.get(path, [])):
                if c in nodes and c != path:
                    rec(c, depth + 1, trail + ((role, name),))

        if root in nodes:
            rec(root, 0, ())
        return out

    def _app_root(self):
        desktop = pyatspi.Registry.getDesktop(0)
        fallback = None
        for i in range(desktop.childCount):
            try:
                a = desktop.getChildAtIndex(i)
                if a is None:
                    continue
                if a.get_process_id() == self.pid:
                    self._nocache(a)
                    return a
                if fallback is None and "strider" in (a.name or "").lower():
                    fallback = a
            except Exception:
                continue
        if fallback is not None:
            self._nocache(fallback)
        return fallback

    @staticmethod
    def _nocache(acc):
        # Everything is read fresh from the app: egui rebuilds its tree every frame.
        try:
            acc.set_cache_mask(Atspi.Cache.NONE)
        except Exception:
            pass
        try:
            acc.clear_cache()
        except Exception:
            pass

    def _tree_ready(self):
        if self._cache_items():
            return True
        return self._app_root() is not None

    def walk(self, limit=None, with_text=False, extents=True):
        """Every node of the app's tree, depth first, as Widgets (fresh from the app).

        With extents=False the Widgets' extents are filled in lazily by `locate`.
        """
        fast = self._cache_items()
        if fast is not None:
            if limit is not None:
                fast = fast[:limit]
            for w in fast:
                if extents:
                    self.locate(w)
                if with_text and w.role in ("text", "entry", "password text"):
                    w.text = self._text_at(w.acc)
            return fast
        return self._walk_pyatspi(limit, with_text)

    def locate(self, w):
        """Fills in a Widget's screen extents (when the walk left them out)."""
        if w.x is None:
            if "org.a11y.atspi.Component" in getattr(w, "ifaces", ()):
                w.x, w.y, w.w, w.h = self._extents_of(w.acc)
            else:
                w.x, w.y, w.w, w.h = (0, 0, 0, 0)
        return w

    def text_of(self, widget):
        """The current text of an entry (read fresh)."""
        if isinstance(widget.acc, str):
            return self._text_at(widget.acc)
        return _text_of(widget.acc, widget.role)

    def _walk_pyatspi(self, limit=None, with_text=False):
        root = self._app_root()
        out = []
        if root is None:
            return out

        def rec(acc, depth, path):
            if limit is not None and len(out) >= limit:
                return
            try:
                role = acc.getRoleName()
                name = acc.name or ""
            except Exception:
                return
            w = Widget(role, name, _extents(acc) if depth else (0, 0, 0, 0),
                       _state_names(acc), path, depth,
                       _text_of(acc, role) if with_text else None, acc)
            out.append(w)
            try:
                n = acc.childCount
            except Exception:
                return
            for i in range(n):
                try:
                    c = acc.getChildAtIndex(i)
                except Exception:
                    continue
                if c is not None:
                    rec(c, depth + 1, path + ((role, name),))

        rec(root, 0, ())
        return out

    def find_all(self, role=None, name=None, name_contains=None, pred=None, visible=True,
                 with_text=False, name_prefix=None, where=None):
        """All widgets matching now (no waiting). `role` may be a string or a tuple of them.

        name: exact accessible name; name_prefix: the name, or the name followed by a space and
        more (egui puts a menu item's shortcut in its name: "Save Ctrl+S"); name_contains: a
        case-insensitive substring. visible: only widgets with a size inside the screen.
        where: a test on a Widget before its extents are known (role, name, states, path);
        pred: a test after (it may use x, y, w, h).
        """
        roles = (role,) if isinstance(role, str) else role
        res = []
        for w in self.walk(extents=False):
            if roles and w.role not in roles:
                continue
            if name is not None and w.name != name:
                continue
            if name_prefix is not None and not (w.name == name_prefix
                                                or w.name.startswith(name_prefix + " ")):
                continue
            if name_contains is not None and name_contains.lower() not in w.name.lower():
                continue
            if where is not None and not where(w):
                continue
            self.locate(w)
            if visible and not on_screen(w):
                continue
            if pred and not pred(w):
                continue
            if with_text:
                w.text = self.text_of(w)
            res.append(w)
        return res

    def find(self, role=None, name=None, name_contains=None, timeout=5, pred=None,
             visible=True, index=0, with_text=False, name_prefix=None):
        """The first widget matching (top to bottom, left to right), polling up to `timeout` s.

        Raises GuiError (with the names seen) when nothing matches in time.
        """
        deadline = time.monotonic() + timeout
        while True:
            self.check_alive()
            found = self.find_all(role, name, name_contains, pred, visible, with_text,
                                  name_prefix)
            if len(found) > index:
                found.sort(key=lambda w: (w.y, w.x))
                return found[index]
            if time.monotonic() >= deadline:
                what = {k: v for k, v in (("role", role), ("name", name),
                                          ("name_prefix", name_prefix),
                                          ("name_contains", name_contains)) if v}
                seen = sorted({f"{w.role}:{w.name}" for w in self.walk(extents=False)
                               if w.name and w.role != "label"})
                raise GuiError(f"no widget {what} after {timeout} s; named widgets now "
                               f"(labels left out): {seen[:60]}")
            time.sleep(0.15)

    def exists(self, role=None, name=None, name_contains=None, timeout=0, pred=None,
               name_prefix=None):
        try:
            self.find(role, name, name_contains, timeout=timeout, pred=pred,
                      name_prefix=name_prefix)
            return True
        except GuiError:
            self.check_alive()
            return False

    def wait_gone(self, role=None, name=None, name_contains=None, timeout=5, name_prefix=None):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.find_all(role, name, name_contains, name_prefix=name_prefix):
                return True
            time.sleep(0.15)
        return False

    def check_alive(self):
        if not self.alive():
            raise GuiError(f"the app is gone (exit code {self.returncode}): "
                           f"{self.panic_message() or self.stderr_tail(8)}")

    def dump_tree(self, path=None, with_text=True):
        """The whole tree as indented text (role, name, extents, states); to `path` if given."""
        lines = []
        for w in self.walk(with_text=with_text):
            states = ",".join(sorted(s for s in w.states
                                     if s not in ("visible", "showing", "enabled",
                                                  "sensitive")))
            text = f" text={w.text!r}" if w.text not in (None, "") else ""
            lines.append(f"{'  ' * w.depth}{w.role} {w.name!r} "
                         f"[{w.x},{w.y} {w.w}x{w.h}] {states}{text}")
        out = "\n".join(lines)
        if path:
            with open(path, "w") as f:
                f.write(out + "\n")
        return out

    # ----- input -------------------------------------------------------------------------------

    def move(self, x, y):
        xdo("mousemove", int(x), int(y))
        time.sleep(HOVER_PAUSE)

    def click_at(self, x, y, button=1, double=False):
        xdo("mousemove", int(x), int(y))
        time.sleep(HOVER_PAUSE)
        for i in range(2 if double else 1):
            xdo("mousedown", button)
            time.sleep(PRESS_PAUSE)
            xdo("mouseup", button)
            if double and i == 0:
                time.sleep(0.08)
        time.sleep(AFTER_CLICK)

    def click(self, widget, button=1, double=False):
        """Clicks the middle of a widget (a Widget from find, or the arguments of find)."""
        if isinstance(widget, dict):
            widget = self.find(**widget)
        if not widget.visible:
            raise GuiError(f"{widget!r} has no size on screen")
        self.check_alive()
        self.click_at(*widget.center, button=button, double=double)

    def drag(self, x1, y1, x2, y2, steps=8):
        """A slow drag, as egui needs separate events to see one (as in scripts/gui-smoke.sh)."""
        xdo("mousemove", int(x1), int(y1))
        time.sleep(0.4)
        xdo("mousedown", 1)
        time.sleep(0.3)
        for i in range(1, steps + 1):
            xdo("mousemove", int(x1 + (x2 - x1) * i / steps), int(y1 + (y2 - y1) * i / steps))
            time.sleep(0.08)
        time.sleep(0.3)
        xdo("mouseup", 1)
        time.sleep(0.8)

    def type_text(self, s, delay_ms=TYPE_DELAY_MS):
        """Types at human speed into whatever has the keyboard focus."""
        self.focus()
        xdo("type", "--delay", delay_ms, "--", s)
        time.sleep(0.3)

    def type_then_click(self, s, widget, gap=0.05, delay_ms=TYPE_DELAY_MS):
        """Types at human speed, then clicks `widget` `gap` seconds after the last key, as a
        person moving on at once: the last keys must still land in the field typed into."""
        self.focus()
        x, y = widget.center
        xdo("type", "--delay", delay_ms, "--", s)
        time.sleep(gap)
        xdo("mousemove", int(x), int(y), "click", 1)
        time.sleep(AFTER_CLICK)

    def key_then_click(self, key, widget):
        """Presses `key` and clicks `widget` in one xdotool call: both reach the app within a
        millisecond, so usually in the same frame."""
        self.focus()
        x, y = widget.center
        xdo("key", key, "mousemove", int(x), int(y), "click", "1")
        time.sleep(AFTER_CLICK)

    def key(self, *keys):
        """Presses keys, e.g. key("ctrl+s") or key("Escape")."""
        self.focus()
        for k in keys:
            xdo("key", k)
            time.sleep(0.25)

    def screenshot(self, path):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        run(["import", "-window", "root", path])
        return path

    # ----- menus -------------------------------------------------------------------------------

    MENU_ROLES = ("push button", "menu item", "menu", "check box", "radio button",
                  "check menu item", "radio menu item", "toggle button", "label")

    def menu_bar_button(self, name, timeout=5):
        """The top-level menu button `name` (the one highest on screen)."""
        return self.find(name=name, timeout=timeout,
                         role=("push button", "menu item", "menu", "toggle button"),
                         pred=lambda w: w.y < 30)

    def menu_items(self, pred=None):
        """The items of every open popup menu (widgets inside a menu below the menu bar)."""
        # A popup's items are children of a "menu" node that is itself inside the menu bar's
        # button (the menu bar is a "menu" too, whose children are the top-level buttons).
        return [w for w in self.find_all(
                    role=self.MENU_ROLES,
                    where=lambda w: len(w.path) >= 2 and w.path[-1][0] == "menu"
                    and any(r == "menu" for r, _ in w.path[:-1]))
                if w.y >= 22 and (pred is None or pred(w))]

    def find_menu_item(self, name, timeout=5):
        """An item of an open menu by its label (its accessible name without the shortcut)."""
        deadline = time.monotonic() + timeout
        while True:
            hits = [w for w in self.menu_items() if menu_label(w.name) == name]
            if hits:
                return max(hits, key=lambda w: w.x)  # the innermost submenu is rightmost
            if time.monotonic() >= deadline:
                seen = [w.name for w in self.menu_items()]
                raise GuiError(f"no menu item {name!r} after {timeout} s; open menus show "
                               f"{seen}")
            self.check_alive()
            time.sleep(0.15)

    def menu(self, *path, click_last=True, timeout=5):
        """Opens a menu path, e.g. menu("File", "Open sample", "Connected vehicle").

        Clicks the menu bar button, then each item by its label, waiting for each to appear.
        An intermediate item is a submenu: hovering opens it, a click does when hovering did
        not. Returns the last Widget (clicked, unless click_last=False).
        """
        top = self.menu_bar_button(path[0], timeout)
        if self.menu_items():  # another menu is open: a click on its button would close it
            self.close_menus()
        self.click(top)
        last = top
        for i, name in enumerate(path[1:], 1):
            item = self.find_menu_item(name, timeout)
            if i == len(path) - 1:
                if click_last:
                    self.click(item)
                return item
            # A submenu: hover, then click if its first item has not shown up.
            self.move(*item.center)
            nxt = path[i + 1]
            try:
                self.find_menu_item(nxt, timeout=1.0)
            except GuiError:
                self.click(item)
            last = item
        return last

    def close_menus(self):
        """Closes open menus: Escape, then (if one is still open) a click on the menu bar's
        empty right end. Returns how it went: "none", "escape", "click" or "stuck"."""
        if not self.menu_items():
            return "none"
        self.key("Escape")
        if self.wait_gone_menus(0.6):
            return "escape"
        self.click_empty_menu_bar()
        if self.wait_gone_menus(1.0):
            return "click"
        return "stuck"

    def wait_gone_menus(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.menu_items():
                return True
            time.sleep(0.15)
        return False

    def click_empty_menu_bar(self):
        # The right end of the menu bar has no widget: a click there closes popups and does
        # nothing else.
        self.click_at(1270, 10)


def clear_out_dir(out, keep_dirs=("failures", "logs")):
    """Empties an output folder of what these scripts write there (pictures, logs, dumps and
    the named subfolders), and nothing else, so a mistaken --out cannot wipe real files."""
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):
        p = os.path.join(out, name)
        if os.path.isdir(p) and name in keep_dirs:
            shutil.rmtree(p)
        elif os.path.isfile(p) and name.endswith((".png", ".log", ".txt", ".json", ".ron")):
            os.remove(p)


def log(*a):
    print(*a, flush=True)
    sys.stdout.flush()
