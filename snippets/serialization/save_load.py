"""torch.save / torch.load：state_dict 与整个模型，weights_only，map_location，不可信文件。"""
# --8<-- [start:imports]
import contextlib
import importlib
import io
import os
import pickle
import re
import sys
import tempfile

import numpy as np
import torch
import torch.nn as nn
# --8<-- [end:imports]

# --8<-- [start:setup]
# 模型类通常写在自己的模块里（如 models.py）。这里把它写进临时目录里的 tiny_net.py，
# 本页所有文件也都写在这个临时目录里。
MODEL_SOURCE = '''
import torch.nn as nn

class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(x)
'''
workdir = tempfile.TemporaryDirectory()
d = workdir.name
with open(os.path.join(d, "tiny_net.py"), "w") as f:
    f.write(MODEL_SOURCE)
sys.path.insert(0, d)
importlib.invalidate_caches()
from tiny_net import TinyNet  # noqa: E402

torch.manual_seed(0)
model = TinyNet()
x = torch.randn(3, 4)


def strip_ansi(msg):
    """torch 在这条报错里加了终端粗体控制符，打印前去掉。"""
    return re.sub(r"\x1b\[[0-9;]*m", "", msg)
# --8<-- [end:setup]


# --8<-- [start:state_dict_way]
sd_path = os.path.join(d, "model_state_dict.pth")
torch.save(model.state_dict(), sd_path)       # 只存参数和缓冲区

new_model = TinyNet()                         # 先按同样的结构建模型
# 默认 weights_only=True，纯张量字典可以直接读
state_dict = torch.load(sd_path)
new_model.load_state_dict(state_dict)
print(type(state_dict).__name__, list(state_dict))
assert torch.equal(new_model(x), model(x))
# --8<-- [end:state_dict_way]

# --8<-- [start:whole_model_default]
full_path = os.path.join(d, "model_full.pth")
torch.save(model, full_path)                  # pickle 整个对象，连同类的导入路径
try:
    torch.load(full_path)                     # weights_only 默认为 True
except pickle.UnpicklingError as e:
    assert "\x1b[1m" in str(e)                 # 原始报错带终端粗体控制符
    msg = strip_ansi(str(e))
    assert msg.startswith("Weights only load failed")
    assert "Unsupported global: GLOBAL tiny_net.TinyNet" in msg
    assert "Linear" not in msg                # 一次只报第一个不在白名单里的类
    print(f"{type(e).__name__}: {msg}")
else:
    raise AssertionError("应当报错，却没有报错")

# numpy 数组也不在默认白名单里
np_path = os.path.join(d, "numpy_array.pth")
torch.save({"mean": np.zeros(3)}, np_path)
try:
    torch.load(np_path)
except pickle.UnpicklingError as e:
    msg = strip_ansi(str(e))
    assert "Unsupported global: GLOBAL numpy." in msg
    print("numpy array ->", type(e).__name__, re.search(r"GLOBAL \S+", msg)[0])
else:
    raise AssertionError("a numpy array should need weights_only=False or an allowlist")
# --8<-- [end:whole_model_default]

# --8<-- [start:weights_only_false]
loaded = torch.load(full_path, weights_only=False)   # 只对可信文件这样做
print(type(loaded).__module__, type(loaded).__name__)
assert isinstance(loaded, TinyNet)
assert torch.equal(loaded(x), model(x))
# --8<-- [end:weights_only_false]

# --8<-- [start:safe_globals]
unsafe = sorted(torch.serialization.get_unsafe_globals_in_checkpoint(full_path))
print(unsafe)                                 # 返回顺序不固定，这里排序后打印
assert unsafe == ["tiny_net.TinyNet", "torch.nn.modules.linear.Linear"]

with torch.serialization.safe_globals([TinyNet, nn.Linear]):
    # 仍是 weights_only=True，只是多放行两个类
    loaded = torch.load(full_path)
assert isinstance(loaded, TinyNet)
assert torch.equal(loaded(x), model(x))
print("loaded with weights_only=True:", type(loaded).__name__)

# add_safe_globals：对整个进程生效，直到 clear_safe_globals()
torch.serialization.add_safe_globals([TinyNet, nn.Linear])
assert isinstance(torch.load(full_path), TinyNet)
torch.serialization.clear_safe_globals()
assert torch.serialization.get_safe_globals() == []
print("after clear_safe_globals():", torch.serialization.get_safe_globals())
# --8<-- [end:safe_globals]

# --8<-- [start:import_path]
# 重构代码：tiny_net.py 改名为 nets.py
os.rename(os.path.join(d, "tiny_net.py"), os.path.join(d, "nets.py"))
del sys.modules["tiny_net"]
importlib.invalidate_caches()
try:
    torch.load(full_path, weights_only=False)
except ModuleNotFoundError as e:
    assert "tiny_net" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")

from nets import TinyNet as RenamedNet  # noqa: E402

m = RenamedNet()                              # state_dict 文件不依赖模块路径
m.load_state_dict(torch.load(sd_path))
assert torch.equal(m(x), model(x))
print("state_dict still loads into", type(m).__module__ + "." + type(m).__name__)
# --8<-- [end:import_path]

# --8<-- [start:map_location]
device = "cuda" if torch.cuda.is_available() else "cpu"
sd_a = torch.load(sd_path, map_location="cpu")                # 字符串
sd_b = torch.load(sd_path, map_location=torch.device("cpu"))  # torch.device
# 当前机器上能用的设备
sd_c = torch.load(sd_path, map_location=device)
assert all(t.device.type == "cpu" for t in sd_a.values())
assert all(t.device.type == "cpu" for t in sd_b.values())
assert all(t.device.type == device for t in sd_c.values())
print("map_location=device ->", {t.device.type for t in sd_c.values()})

if torch.cuda.is_available():
    gpu_path = os.path.join(d, "gpu_state_dict.pth")
    torch.save(model.to("cuda").state_dict(), gpu_path)
    model.to("cpu")
    by_default = torch.load(gpu_path)                 # 回到保存时的设备
    on_cpu = torch.load(gpu_path, map_location="cpu")
    assert by_default["fc.weight"].is_cuda and not on_cpu["fc.weight"].is_cuda
    print("saved from CUDA, default:", by_default["fc.weight"].device,
          "| map_location='cpu':", on_cpu["fc.weight"].device)
else:
    print("no GPU visible: tensors saved from CUDA would need map_location here")
# --8<-- [end:map_location]


# --8<-- [start:untrusted]
class Payload:
    def __reduce__(self):
        # 反序列化时 pickle 会调用 print(...)；换成 os.system 也一样会被调用
        return (print, ("payload ran inside torch.load",))


bad_path = os.path.join(d, "innocent_looking.pth")
torch.save({"weights": torch.zeros(2), "extra": Payload()}, bad_path)

print(torch.serialization.get_unsafe_globals_in_checkpoint(bad_path))

captured = io.StringIO()
with contextlib.redirect_stdout(captured):
    obj = torch.load(bad_path, weights_only=False)    # 执行了文件里指定的函数
print("weights_only=False printed:", repr(captured.getvalue()))
assert captured.getvalue() == "payload ran inside torch.load\n"
# 对象被换成了 print 的返回值
assert obj["extra"] is None

captured = io.StringIO()
try:
    with contextlib.redirect_stdout(captured):
        torch.load(bad_path)                          # 默认 weights_only=True
except pickle.UnpicklingError as e:
    msg = strip_ansi(str(e))
    assert "Unsupported global: GLOBAL print" in msg
    print(f"{type(e).__name__}: ...")
    print(next(line.strip() for line in msg.splitlines() if "WeightsUnpickler" in line))
else:
    raise AssertionError("应当报错，却没有报错")
assert captured.getvalue() == ""                      # 什么也没执行
# --8<-- [end:untrusted]

# --8<-- [start:cleanup]
sys.path.remove(d)
del sys.modules["nets"]
workdir.cleanup()                                     # 删除本页写的所有文件
# --8<-- [end:cleanup]
