"""torch.compile：第一次调用的编译开销、图中断、重新编译与上限、mode 与后端、编译后的模块。"""
# timeout: 120
# --8<-- [start:first_call]
import time

import torch


def f(x):
    return torch.sin(x) ** 2 + torch.cos(x) ** 2


# compile_threads=1：在本进程里编译，不另开并行编译的线程或进程（见下文）
compiled = torch.compile(f, options={"compile_threads": 1})
x = torch.linspace(-3, 3, 10_000)

start = time.perf_counter()
y = compiled(x)  # 第一次调用：追踪，生成 C++ 代码，调用编译器
first = time.perf_counter() - start

later = []
for _ in range(21):
    start = time.perf_counter()
    compiled(x)  # 以后的调用：直接运行编译好的代码
    later.append(time.perf_counter() - start)
median = sorted(later)[10]

print("结果与不编译时相同:", torch.allclose(y, f(x)))
print("第一次调用至少慢 100 倍:", first > 100 * median)
assert first > 100 * median  # check
# --8<-- [end:first_call]

# --8<-- [start:dynamic]
import torch


def compile_inputs(dynamic):
    """用 dynamic=... 编译，依次传入 4 种长度；返回每次编译的输入类型。"""
    torch.compiler.reset()  # 清空已编译的结果，几次试验互不影响
    compiles = []

    def backend(gm, example_inputs):  # 自定义后端：每编译一张图调用一次
        compiles.append([type(a).__name__ for a in example_inputs])
        return gm.forward  # 照原样运行这张图

    def f(x):
        return torch.sin(x) * 2

    compiled = torch.compile(f, backend=backend, dynamic=dynamic)
    for n in (4, 8, 16, 32):
        assert torch.equal(compiled(torch.ones(n)), f(torch.ones(n)))  # check
        compiled(torch.ones(n))
    return compiles


for dynamic in (None, False, True):
    print(f"dynamic={dynamic}:", compile_inputs(dynamic))
# --8<-- [end:dynamic]

# --8<-- [start:recompile_limit]
import logging

import torch

messages = []


class Keep(logging.Handler):
    def emit(self, record):
        messages.append(record.getMessage())


# Dynamo 的警告走 logging，默认写到 stderr；这里换成收集起来
logging.getLogger("torch._dynamo").handlers = [Keep()]
compiles = []


def backend(gm, example_inputs):
    compiles.append(gm)
    return gm.forward


def f(x):
    return torch.sin(x) * 2


compiled = torch.compile(f, backend=backend, dynamic=False)
for n in range(1, 11):  # 10 种长度，每种都要一张新图
    y = compiled(torch.ones(n))

print("recompile_limit:", torch._dynamo.config.recompile_limit)
print("编译次数:", len(compiles))
print("警告条数:", len(messages))
lines = messages[0].splitlines()
print(lines[0])
print(lines[2].strip())
print(lines[-2])
print(lines[-1])
print("超过上限后仍然算对:", torch.equal(y, f(torch.ones(10))))
assert len(lines) == 5  # check
assert lines[1].strip().startswith("function: 'f' (")  # check
assert lines[1].rstrip(")").rsplit(":", 1)[1].isdigit()  # check
# --8<-- [end:recompile_limit]

# --8<-- [start:graph_break]
import torch


def f(x):
    y = torch.sin(x)
    if y.sum() > 0:  # 分支取决于张量里的值
        return torch.cos(y)
    return -y


def g(x):  # 同样的结果，不用 Python 的 if
    y = torch.sin(x)
    return torch.where(y.sum() > 0, torch.cos(y), -y)


torch.manual_seed(0)
x = torch.randn(8)
before = torch._dynamo.explain(f)(x)
print("f: 图", before.graph_count, "张，图中断", before.graph_break_count, "次")
print("中断在:", before.break_reasons[0].user_stack[-1].line)
after = torch._dynamo.explain(g)(x)
print("g: 图", after.graph_count, "张，图中断", after.graph_break_count, "次")

compiled = torch.compile(g, fullgraph=True, backend="eager")
print("g 用 fullgraph=True 编译，结果相同:", torch.equal(compiled(x), f(x)))
assert torch.equal(f(-x), g(-x))  # check
try:  # check
    torch.compile(f, fullgraph=True, backend="eager")(x)
    raise AssertionError("fullgraph=True 应当报错")
except torch._dynamo.exc.Unsupported as error:
    import traceback
    message = str(error)
    shown = "".join(traceback.format_exception_only(error))  # as Python prints it
    assert shown.startswith("torch._dynamo.exc.Unsupported: "
                            "Data-dependent branching\n")
    assert "torch.cond" in message  # 2.13 also suggests torch.where; 2.11 does not
    if torch.__version__ >= "2.13":
        assert "branchless" in message and "torch.where" in message
    assert "from user code:" in message and "if y.sum() > 0:" in message
# --8<-- [end:graph_break]

# --8<-- [start:modes]
import torch
import torch._inductor

for mode in ("default", "reduce-overhead", "max-autotune",
             "max-autotune-no-cudagraphs"):
    print(f"{mode}: {torch._inductor.list_mode_options(mode)}")
print("后端:", torch.compiler.list_backends())
# --8<-- [end:modes]

# --8<-- [start:module]
import torch
import torch.nn as nn

model = nn.Linear(3, 2)
compiled = torch.compile(model)  # 包了一层，这时还没有编译
print("类型:", type(compiled).__name__)
print("里面是原模型:", compiled._orig_mod is model)
assert next(compiled.parameters()) is model.weight  # check
print("compiled 的键:", list(compiled.state_dict()))
print("model 的键:   ", list(model.state_dict()))

other = nn.Linear(3, 2)
other.compile()  # 原地编译：还是 nn.Linear，键不变
print("原地编译后的类型:", type(other).__name__)
print("other 的键:   ", list(other.state_dict()))
sd = {k.removeprefix("_orig_mod."): v  # check
      for k, v in compiled.state_dict().items()}
nn.Linear(3, 2).load_state_dict(sd)  # check
# --8<-- [end:module]

# --8<-- [start:prefixed_state_dict]
import torch
import torch.nn as nn

compiled = torch.compile(nn.Linear(3, 2))
state = compiled.state_dict()  # 键是 _orig_mod.weight、_orig_mod.bias
nn.Linear(3, 2).load_state_dict(state)  # raises: RuntimeError: Error(s) in loading
# --8<-- [end:prefixed_state_dict]

# --8<-- [start:no_compiler]
import torch


def f(x):
    return torch.sin(x) + 1


# 模拟没有 C++ 编译器的机器：把编译器换成一个不存在的名字
compiled = torch.compile(f, options={"cpp.cxx": ("no-such-c++",)})
compiled(torch.randn(4))  # raises: InductorError: No working C++ compiler
# --8<-- [end:no_compiler]
