"""导出模型：torch.export、动态形状、torch.cond、ONNX，以及 TorchScript 的 trace、script 和保存。"""
# timeout: 60
# --8<-- [start:export_basic]
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)

    def forward(self, x):
        return torch.relu(self.fc(x))


model = Net().eval()
example = torch.randn(4, 3)
program = torch.export.export(model, (example,))
print(type(program).__name__)
# 图里只剩 ATen 算子，没有 Python 代码
ops = [str(node.target) for node in program.graph.nodes
       if node.op == "call_function"]
print(ops)
exported = program.module()
print("结果相同:", torch.equal(exported(example), model(example)))
# --8<-- [end:export_basic]

# --8<-- [start:static_batch]
import torch
import torch.nn as nn

model = nn.Linear(3, 2).eval()
program = torch.export.export(model, (torch.randn(4, 3),))
exported = program.module()
exported(torch.randn(8, 3))  # raises: AssertionError: Guard failed: input.size()[0] == 4
# --8<-- [end:static_batch]

# --8<-- [start:dynamic_batch]
import torch
import torch.nn as nn
from torch.export import Dim

model = nn.Linear(3, 2).eval()
batch = Dim("batch")
# 键是 forward 的参数名，值是 {维度: Dim}
program = torch.export.export(model, (torch.randn(4, 3),),
                              dynamic_shapes={"input": {0: batch}})
exported = program.module()
for n in (1, 8, 100):
    print(n, tuple(exported(torch.randn(n, 3)).shape))
# --8<-- [end:dynamic_batch]

# --8<-- [start:batch_of_one]
import torch
import torch.nn as nn
from torch.export import Dim

model = nn.Linear(3, 2).eval()
shapes = {"input": {0: Dim("batch")}}
# 示例输入的批大小是 1：导出时把这一维当成常数 1
torch.export.export(model, (torch.randn(1, 3),), dynamic_shapes=shapes)  # raises: UserError: Constraints violated (batch)
# --8<-- [end:batch_of_one]

# --8<-- [start:wrong_key]
import torch
import torch.nn as nn
from torch.export import Dim

model = nn.Linear(3, 2).eval()
# nn.Linear.forward 的参数名是 input，不是 x
shapes = {"x": {0: Dim("batch")}}
torch.export.export(model, (torch.randn(4, 3),), dynamic_shapes=shapes)  # raises: UserError: its top-level keys must be the arg names
# --8<-- [end:wrong_key]

# --8<-- [start:save_load]
import os
import tempfile
import warnings

import torch
import torch.nn as nn
from torch.export import Dim

model = nn.Linear(3, 2).eval()
program = torch.export.export(model, (torch.randn(4, 3),),
                              dynamic_shapes={"input": {0: Dim("batch")}})
x = torch.randn(5, 3)
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "linear.pt2")
    torch.export.save(program, path)
    with warnings.catch_warnings():
        # torch 2.11 在这里多发一条无害的 UserWarning（不可写缓冲区）
        warnings.simplefilter("ignore", UserWarning)
        loaded = torch.export.load(path)
print(type(loaded).__name__)
print("结果相同:", torch.equal(loaded.module()(x), model(x)))
# --8<-- [end:save_load]

# --8<-- [start:data_dependent]
import contextlib
import io
import logging

import torch
import torch.nn as nn


class Sign(nn.Module):
    def forward(self, x):
        if x.sum() > 0:        # 分支取决于张量的值
            return x * 2
        return -x


# 失败前，torch 会往 stderr 写一条日志和追踪到一半的图；这里都收起来，只看报错
logging.getLogger("torch").setLevel(logging.ERROR)
with contextlib.redirect_stderr(io.StringIO()):
    torch.export.export(Sign(), (torch.randn(3),))  # raises: GuardOnDataDependentSymNode: Could not guard on data-dependent expression
# --8<-- [end:data_dependent]

# --8<-- [start:torch_cond]
import torch
import torch.nn as nn


class Sign(nn.Module):
    def forward(self, x):
        # 两个分支都进图，运行时按 x.sum() > 0 选一个
        return torch.cond(x.sum() > 0, lambda t: t * 2, lambda t: -t, (x,))


program = torch.export.export(Sign(), (torch.randn(3),))
exported = program.module()
print(exported(torch.ones(3)))
print(exported(-torch.ones(3)))
# --8<-- [end:torch_cond]

# --8<-- [start:onnx_export]
import inspect  # check
import logging
import os
import tempfile
import warnings

import onnx
import torch
import torch.nn as nn
from torch.export import Dim

# 导出器的两类无害提示：没装 torchvision（日志），torch 内部的 FutureWarning
logging.getLogger("torch.onnx").setLevel(logging.ERROR)
warnings.simplefilter("ignore", FutureWarning)

model = nn.Sequential(nn.Linear(3, 2), nn.ReLU()).eval()
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "model.onnx")
    torch.onnx.export(model, (torch.randn(4, 3),), path, dynamo=True,
                      input_names=["x"], output_names=["y"],
                      dynamic_shapes={"input": {0: Dim("batch")}},
                      verbose=False)
    proto = onnx.load(path)
onnx.checker.check_model(proto)
assert inspect.signature(torch.onnx.export).parameters["dynamo"].default  # check
print("opset:", proto.opset_import[0].version)
print("算子:", [node.op_type for node in proto.graph.node])
for value in [*proto.graph.input, *proto.graph.output]:
    dims = value.type.tensor_type.shape.dim
    print(value.name, [dim.dim_param or dim.dim_value for dim in dims])
# --8<-- [end:onnx_export]

# --8<-- [start:onnx_reference]
import logging
import os
import tempfile
import warnings

import torch
import torch.nn as nn
from onnx.reference import ReferenceEvaluator
from torch.export import Dim

logging.getLogger("torch.onnx").setLevel(logging.ERROR)
warnings.simplefilter("ignore", FutureWarning)

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Dropout(0.5))
model.eval()                              # 导出前切到评估模式
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "model.onnx")
    torch.onnx.export(model, (torch.randn(4, 4),), path, dynamo=True,
                      input_names=["x"], output_names=["y"],
                      dynamic_shapes={"input": {0: Dim("batch")}},
                      verbose=False)
    # 纯 Python 实现的 ONNX 运行器，不需要 onnxruntime
    session = ReferenceEvaluator(path)
print("输入:", session.input_names, "输出:", session.output_names)

x = torch.randn(5, 4)                     # 换一个批大小
(y,) = session.run(None, {"x": x.numpy()})
y = torch.from_numpy(y)
with torch.no_grad():
    expected = model(x)
print("形状:", tuple(y.shape))
print("最大绝对误差 < 1e-5:", (y - expected).abs().max().item() < 1e-5)
torch.testing.assert_close(y, expected)   # float32 的默认容差
# --8<-- [end:onnx_reference]

# --8<-- [start:onnx_train_mode]
import inspect  # check
import logging
import os
import tempfile
import warnings

import onnx
import torch
import torch.nn as nn
from onnx.numpy_helper import to_array
from onnx.reference import ReferenceEvaluator

logging.getLogger("torch.onnx").setLevel(logging.ERROR)
warnings.simplefilter("ignore", FutureWarning)

torch.manual_seed(0)
# 新建的模块处于训练模式；这里忘了调用 eval()
model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Dropout(0.5))
x = torch.randn(3, 4)
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "model.onnx")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UserWarning)
        torch.onnx.export(model, (x,), path, dynamo=True,
                          input_names=["x"], verbose=False)
    proto = onnx.load(path)
print(caught[0].category.__name__ + ":", caught[0].message)
print("算子:", [node.op_type for node in proto.graph.node])
dropout = next(n for n in proto.graph.node if n.op_type == "Dropout")
constants = {t.name: to_array(t) for t in proto.graph.initializer}
print("Dropout 的 training_mode:", constants[dropout.input[2]])

session = ReferenceEvaluator(proto)
first = torch.from_numpy(session.run(None, {"x": x.numpy()})[0])
second = torch.from_numpy(session.run(None, {"x": x.numpy()})[0])
print("两次运行结果相同:", torch.equal(first, second))
with torch.no_grad():
    expected = model.eval()(x)
kept = first != 0
# Dropout 留下的元素乘以 1 / (1 - p) = 2；BatchNorm 用的是运行统计量
same = torch.allclose(first[kept], 2 * expected[kept])
print("留下的 = 评估模式的结果 × 2:", same)
assert inspect.signature(torch.onnx.export).parameters["training"].default == torch.onnx.TrainingMode.EVAL  # check
# --8<-- [end:onnx_train_mode]

# --8<-- [start:onnx_grid_sample]
import logging
import os
import tempfile
import warnings

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx.reference import ReferenceEvaluator

logging.getLogger("torch.onnx").setLevel(logging.ERROR)
warnings.simplefilter("ignore", FutureWarning)


class Warp(nn.Module):
    def forward(self, x, grid):
        return F.grid_sample(x, grid, align_corners=False)


torch.manual_seed(0)
x = torch.randn(1, 1, 4, 4)
grid = torch.rand(1, 2, 2, 2) * 2 - 1      # 采样位置，取值在 [-1, 1]
model = Warp().eval()
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "warp.onnx")
    # 新导出器，不写 opset_version
    torch.onnx.export(model, (x, grid), path, dynamo=True, verbose=False)
    proto = onnx.load(path)
print("opset:", proto.opset_import[0].version)
print("算子:", [node.op_type for node in proto.graph.node])
(y,) = ReferenceEvaluator(proto).run(None, {"x": x.numpy(),
                                            "grid": grid.numpy()})
torch.testing.assert_close(torch.from_numpy(y), model(x, grid))
print("和 PyTorch 一致")
# --8<-- [end:onnx_grid_sample]

# --8<-- [start:trace_branch]
import warnings

import torch
import torch.nn as nn


class Sign(nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            return x * 2
        return -x


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always", torch.jit.TracerWarning)
    traced = torch.jit.trace(Sign(), torch.ones(3))   # 走的是 x * 2 这一支
print(caught[0].category.__name__ + ":", str(caught[0].message).split(". ")[0])

negative = -torch.ones(3)
print("原模型:", Sign()(negative))
print("trace:", traced(negative))   # 仍然是 x * 2
assert not torch.equal(traced(negative), Sign()(negative))  # check
assert torch.equal(torch.jit.script(Sign())(negative), Sign()(negative))  # check
# --8<-- [end:trace_branch]

# --8<-- [start:script_deprecated]
import warnings

import torch
import torch.nn as nn

# DeprecationWarning 默认不显示；这里打开，看看它说什么
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always", DeprecationWarning)
    torch.jit.script(nn.Linear(3, 2))
print(caught[0].category.__name__ + ":", caught[0].message)
# --8<-- [end:script_deprecated]

# --8<-- [start:script_torch_save]
import os
import tempfile

import torch
import torch.nn as nn

scripted = torch.jit.script(nn.Linear(3, 2))
with tempfile.TemporaryDirectory() as d:
    torch.save(scripted, os.path.join(d, "model.pt"))  # raises: RuntimeError: which does not have a __getstate__ method defined
# --8<-- [end:script_torch_save]

# --8<-- [start:jit_save_load]
import os
import tempfile

import torch
import torch.nn as nn

model = nn.Linear(3, 2).eval()
scripted = torch.jit.script(model)
x = torch.randn(2, 3)
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "model.pt")
    torch.jit.save(scripted, path)      # 不是 torch.save
    loaded = torch.jit.load(path)       # 不是 torch.load
print(type(loaded).__name__)
assert isinstance(loaded, torch.jit.ScriptModule)  # check
print("结果相同:", torch.equal(loaded(x), model(x)))

# 参数还能取出来，装回普通的 nn.Module
print(list(loaded.state_dict()))
plain = nn.Linear(3, 2)
plain.load_state_dict(loaded.state_dict())
print("装回后结果相同:", torch.equal(plain(x), model(x)))
# --8<-- [end:jit_save_load]

# --8<-- [start:torch_load_archive]
import os
import tempfile
import warnings

import torch
import torch.nn as nn

# torch.load 先发一条 UserWarning（“looks like a TorchScript archive”），再报错
warnings.simplefilter("ignore", UserWarning)
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "model.pt")
    torch.jit.save(torch.jit.script(nn.Linear(3, 2)), path)
    torch.load(path)  # raises: RuntimeError: Cannot use ``weights_only=True`` with TorchScript archives
# --8<-- [end:torch_load_archive]
