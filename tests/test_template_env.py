"""The vendors' Jinja environment gives what a stock ``jinja2.Environment`` gives."""

from __future__ import annotations

import jinja2
import pytest

from mpls_interop.sdk.spec import _environment_class

TEMPLATE = ("{{ d.name }} {{ d.items is callable }} {{ d.nested.x }} {{ o.real }} {{ l.append is defined }}"
            "{% for k in d.keys() | sort %} {{ k }}{% endfor %}")


def _both(**kw) -> list[jinja2.Environment]:
    return [jinja2.Environment(**kw), _environment_class()(**kw)]


def test_dict_keys_methods_and_objects_render_the_same():
    data = {"d": {"name": "p00", "items": [1], "nested": {"x": 5}}, "o": 3, "l": []}
    stock, ours = (env.from_string(TEMPLATE).render(**data) for env in _both(undefined=jinja2.StrictUndefined))
    assert ours == stock == "p00 True 5 3 True items name nested"


@pytest.mark.parametrize("expr", ["d.missing", "d.nested.missing", "o.missing"])
def test_a_missing_key_is_undefined_as_before(expr):
    data = {"d": {"nested": {}}, "o": 3}
    messages = []
    for env in _both(undefined=jinja2.StrictUndefined):
        with pytest.raises(jinja2.UndefinedError) as info:
            env.from_string("{{ " + expr + " }}").render(**data)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    lenient = [env.from_string("[{{ " + expr + " }}]").render(**data) for env in _both()]
    assert lenient == ["[]", "[]"]


def test_a_dict_subclass_keeps_jinjas_own_lookup():
    class Attr(dict):
        name = "attribute"

    for env in _both():
        assert env.from_string("{{ d.name }}").render(d=Attr(name="key")) == "attribute"


def _env_over(folder, cache) -> jinja2.Environment:
    return _environment_class()(loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=cache, auto_reload=False)


def test_the_compiled_template_cache_follows_the_source(tmp_path):
    from mpls_interop.sdk.spec import _bytecode_cache

    cache = _bytecode_cache()
    if cache is None:
        pytest.skip("no private temp directory for the cache here")
    cache.directory = str(tmp_path / "cache")
    (tmp_path / "cache").mkdir(mode=0o700)
    (tmp_path / "t.j2").write_text("one {{ x }}")
    assert _env_over(tmp_path, cache).get_template("t.j2").render(x=1) == "one 1"
    assert list((tmp_path / "cache").iterdir())  # compiled once, kept
    (tmp_path / "t.j2").write_text("two {{ x }}")
    assert _env_over(tmp_path, cache).get_template("t.j2").render(x=2) == "two 2"


def test_an_unusable_cache_directory_only_means_compiling(tmp_path):
    from mpls_interop.sdk.spec import _bytecode_cache

    cache = _bytecode_cache()
    if cache is None:
        pytest.skip("no private temp directory for the cache here")
    (tmp_path / "not-a-dir").write_text("")
    cache.directory = str(tmp_path / "not-a-dir")
    (tmp_path / "t.j2").write_text("ok {{ x }}")
    for _ in range(2):
        assert _env_over(tmp_path, cache).get_template("t.j2").render(x=3) == "ok 3"
