"""Language choice (CLI > saved setting > system locale) and the shortcut table, without Qt."""
import pytest

from viewer.model.shortcuts import KEY_BINDINGS
from workstation.session.settings import Settings, resolve_language, system_language


@pytest.mark.parametrize("env,expected", [("ko_KR.UTF-8", "ko"), ("en_US.UTF-8", "en"), ("C.UTF-8", "en")])
def test_system_language_follows_locale(monkeypatch, env, expected):
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", env)
    assert system_language() == expected


def test_cli_beats_saved_setting_beats_locale(monkeypatch):
    monkeypatch.setenv("LC_ALL", "ko_KR.UTF-8")
    assert resolve_language(None, Settings()) == "ko"
    assert resolve_language(None, Settings(language="en")) == "en"
    assert resolve_language("ko", Settings(language="en")) == "ko"


def test_settings_round_trip_and_bad_file():
    s = Settings(language="ko")
    s.save()
    assert Settings.load().language == "ko"
    from workstation.paths import home_dir

    (home_dir() / "settings.json").write_text("{not json")
    assert Settings.load().language == "system"


def test_every_shortcut_key_is_unique_and_described():
    keys = [k for k, _a, _d in KEY_BINDINGS]
    assert len(keys) == len(set(keys))
    assert all(d for _k, _a, d in KEY_BINDINGS)
