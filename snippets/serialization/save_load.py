"""torch.save / torch.load：state_dict 与整个模型，weights_only，map_location，不可信文件。"""
# --8<-- [start:state_dict_way]
import os
import tempfile

import torch
import torch.nn as nn


class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)


model = TinyNet()
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "model_state_dict.pth")
    torch.save(model.state_dict(), path)      # 只存参数和缓冲区

    new_model = TinyNet()                     # 先按同样的结构建模型
    # 默认 weights_only=True，纯张量字典可以直接读
    state_dict = torch.load(path)
    new_model.load_state_dict(state_dict)
print(type(state_dict).__name__, list(state_dict))
print("参数相同:", torch.equal(new_model.fc.weight, model.fc.weight))
assert torch.equal(new_model.fc.bias, model.fc.bias)  # check
# --8<-- [end:state_dict_way]

# --8<-- [start:loaded_state_dict]
import io

import torch
import torch.nn as nn

model = nn.Linear(4, 2)
buffer = io.BytesIO()
torch.save(model.state_dict(), buffer)        # 存的是 state_dict
buffer.seek(0)
model = torch.load(buffer)                    # 以为读回来的是模型
print(type(model))
model.eval()  # raises: AttributeError: 'collections.OrderedDict' object has no attribute 'eval'
# --8<-- [end:loaded_state_dict]

# --8<-- [start:whole_model_default]
import io
import pickle  # check
import unittest  # check

import torch
import torch.nn as nn


class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)


buffer = io.BytesIO()                 # 内存里的文件对象，用法和文件一样
torch.save(TinyNet(), buffer)         # pickle 整个对象，连同类的导入路径
buffer.seek(0)
with unittest.TestCase().assertRaises(pickle.UnpicklingError) as raised:  # check
    torch.load(io.BytesIO(buffer.getvalue()))
assert "\x1b[1m" in str(raised.exception)  # check
# weights_only 默认为 True
torch.load(buffer)  # raises: UnpicklingError: Weights only load failed
# --8<-- [end:whole_model_default]

# --8<-- [start:numpy_array]
import io

import numpy as np
import torch

buffer = io.BytesIO()
torch.save({"mean": np.zeros(3)}, buffer)
buffer.seek(0)
torch.load(buffer)  # raises: UnpicklingError: Unsupported global: GLOBAL numpy.
# --8<-- [end:numpy_array]

# --8<-- [start:weights_only_false]
import os
import tempfile

import torch
import torch.nn as nn


class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)


model = TinyNet()
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "model_full.pth")
    torch.save(model, path)
    loaded = torch.load(path, weights_only=False)   # 只对可信文件这样做
print(type(loaded).__module__, type(loaded).__name__)
assert isinstance(loaded, TinyNet)  # check
assert torch.equal(loaded.fc.weight, model.fc.weight)  # check
assert torch.equal(loaded.fc.bias, model.fc.bias)  # check
# --8<-- [end:weights_only_false]

# --8<-- [start:safe_globals]
import os
import tempfile

import torch
import torch.nn as nn


class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)


model = TinyNet()
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "model_full.pth")
    torch.save(model, path)
    unsafe = torch.serialization.get_unsafe_globals_in_checkpoint(path)
    print(sorted(unsafe))                     # 返回顺序不固定，这里排序后打印

    with torch.serialization.safe_globals([TinyNet, nn.Linear]):
        # 仍是 weights_only=True，只是多放行两个类
        loaded = torch.load(path)
    print("loaded with weights_only=True:", type(loaded).__name__)

    # add_safe_globals：对整个进程生效，直到 clear_safe_globals()
    torch.serialization.add_safe_globals([TinyNet, nn.Linear])
    print("add_safe_globals:", type(torch.load(path)).__name__)
    torch.serialization.clear_safe_globals()
print("after clear_safe_globals():", torch.serialization.get_safe_globals())
assert sorted(unsafe) == ["__main__.TinyNet", "torch.nn.modules.linear.Linear"]  # check
assert isinstance(loaded, TinyNet)  # check
assert torch.equal(loaded.fc.weight, model.fc.weight)  # check
# --8<-- [end:safe_globals]

# --8<-- [start:pickle_module]
import io
import pickle
import unittest  # check

import torch
import torch.nn as nn


class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)


buffer = io.BytesIO()
torch.save(TinyNet(), buffer)         # 整个模型：默认设置下加载会报错
buffer.seek(0)
# 没写 weights_only，只传了 pickle_module：默认值变成 False
loaded = torch.load(buffer, pickle_module=pickle)
print("没报错，读回了:", type(loaded).__name__)
assert isinstance(loaded, TinyNet)  # check
buffer.seek(0)  # check
with unittest.TestCase().assertRaises(RuntimeError) as raised:  # check
    torch.load(buffer, pickle_module=pickle, weights_only=True)
assert "explicit pickle_module" in str(raised.exception)  # check
# --8<-- [end:pickle_module]

# --8<-- [start:import_path]
import io
import os
import sys
import tempfile

import torch

# 模型类写在自己的模块 tiny_net.py 里，训练脚本导入它
SOURCE = """
import torch.nn as nn

class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)
"""
buffer = io.BytesIO()
with tempfile.TemporaryDirectory() as d:
    with open(os.path.join(d, "tiny_net.py"), "w") as f:
        f.write(SOURCE)
    sys.path.insert(0, d)
    import tiny_net

    torch.save(tiny_net.TinyNet(), buffer)    # 保存整个模型
    sys.path.remove(d)
# 临时目录连同 tiny_net.py 已经删掉，相当于模块改了名或换了位置；
# 再从 sys.modules 里去掉它，就像在一个新进程里加载
del sys.modules["tiny_net"]
buffer.seek(0)
torch.load(buffer, weights_only=False)  # raises: ModuleNotFoundError: No module named 'tiny_net'
# --8<-- [end:import_path]

# --8<-- [start:main_class_missing]
import os
import subprocess
import sys
import tempfile

import torch
import torch.nn as nn


class TinyNet(nn.Module):                     # 定义在训练脚本里
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)


with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "whole_model.pth")
    torch.save(TinyNet(), path)               # 保存整个模型
    # 另一个脚本加载它（这里用 python -c），那里没有定义 TinyNet
    other = f"import torch; torch.load({path!r}, weights_only=False)"
    run = subprocess.run([sys.executable, "-c", other],
                         capture_output=True, text=True)
print("另一个脚本的最后一行报错:")
print(run.stderr.strip().splitlines()[-1])
# --8<-- [end:main_class_missing]

# --8<-- [start:import_path_state_dict]
import importlib
import os
import sys
import tempfile

import torch

SOURCE = """
import torch.nn as nn

class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)
"""
with tempfile.TemporaryDirectory() as d:
    with open(os.path.join(d, "tiny_net.py"), "w") as f:
        f.write(SOURCE)
    sys.path.insert(0, d)
    import tiny_net

    model = tiny_net.TinyNet()
    path = os.path.join(d, "model_state_dict.pth")
    torch.save(model.state_dict(), path)

    # 重构代码：tiny_net.py 改名为 nets.py
    os.rename(os.path.join(d, "tiny_net.py"), os.path.join(d, "nets.py"))
    del sys.modules["tiny_net"]
    importlib.invalidate_caches()
    import nets

    m = nets.TinyNet()                        # state_dict 文件不依赖模块路径
    m.load_state_dict(torch.load(path))
    sys.path.remove(d)
    del sys.modules["nets"]
print("state_dict still loads into", type(m))
assert torch.equal(m.fc.weight, model.fc.weight)  # check
assert torch.equal(m.fc.bias, model.fc.bias)  # check
# --8<-- [end:import_path_state_dict]

# --8<-- [start:map_location]
import os
import tempfile

import torch
import torch.nn as nn

model = nn.Linear(4, 2)
device = "cuda" if torch.cuda.is_available() else "cpu"
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "model_state_dict.pth")
    torch.save(model.state_dict(), path)
    sd_a = torch.load(path, map_location="cpu")                # 字符串
    sd_b = torch.load(path, map_location=torch.device("cpu"))  # torch.device
    # 当前机器上能用的设备
    sd_c = torch.load(path, map_location=device)
    print("map_location=device ->", {t.device.type for t in sd_c.values()})
    assert all(t.device.type == "cpu" for t in sd_a.values())  # check
    assert all(t.device.type == "cpu" for t in sd_b.values())  # check
    assert all(t.device.type == device for t in sd_c.values())  # check

    if torch.cuda.is_available():
        gpu_path = os.path.join(d, "gpu_state_dict.pth")
        torch.save(model.to("cuda").state_dict(), gpu_path)
        by_default = torch.load(gpu_path)             # 回到保存时的设备
        on_cpu = torch.load(gpu_path, map_location="cpu")
        assert by_default["weight"].is_cuda and not on_cpu["weight"].is_cuda  # check
        print("saved from CUDA, default:", by_default["weight"].device,
              "| map_location='cpu':", on_cpu["weight"].device)
    else:
        print("no GPU visible: files saved from CUDA need map_location here")
# --8<-- [end:map_location]

# --8<-- [start:map_location_dict]
import io

import torch
import torch.nn as nn

buffer = io.BytesIO()
torch.save(nn.Linear(2, 1).state_dict(), buffer)

tags = []


def record(storage, location):
    tags.append(location)             # 文件里每个存储的设备标签
    return None                       # 返回 None：照默认方式处理


buffer.seek(0)
torch.load(buffer, map_location=record)
print("设备标签:", tags)

# 字典只改写键里列出的标签；这个文件里没有 "cuda:1"，什么也不改
buffer.seek(0)
sd = torch.load(buffer, map_location={"cuda:1": "cuda:0"})
print('{"cuda:1": "cuda:0"} ->', sd["weight"].device)

# 键是文件里有的标签 "cpu"，就换成值（这里换成 meta 设备）
buffer.seek(0)
sd = torch.load(buffer, map_location={"cpu": "meta"})
print('{"cpu": "meta"}       ->', sd["weight"].device)
assert tags == ["cpu", "cpu"]  # check
assert sd["weight"].is_meta and sd["bias"].is_meta  # check
# --8<-- [end:map_location_dict]

# --8<-- [start:untrusted]
import os
import tempfile

import torch


class Payload:
    def __reduce__(self):
        # 反序列化时 pickle 会调用 print(...)；换成 os.system 也一样会被调用
        return (print, ("payload ran inside torch.load",))


with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "innocent_looking.pth")
    torch.save({"weights": torch.zeros(2), "extra": Payload()}, path)
    print(torch.serialization.get_unsafe_globals_in_checkpoint(path))
    obj = torch.load(path, weights_only=False)    # 执行了文件里指定的函数
# 对象被换成了 print 的返回值
print('obj["extra"]:', obj["extra"])
# --8<-- [end:untrusted]

# --8<-- [start:untrusted_default]
import io

import torch


class Payload:
    def __reduce__(self):
        return (print, ("payload ran inside torch.load",))


buffer = io.BytesIO()
torch.save({"weights": torch.zeros(2), "extra": Payload()}, buffer)
buffer.seek(0)
# 默认 weights_only=True：遇到 print 就停下，什么也没执行
torch.load(buffer)  # raises: UnpicklingError: Unsupported global: GLOBAL print
# --8<-- [end:untrusted_default]

# --8<-- [start:truncated_file]
import io
import zipfile  # check

import torch
import torch.nn as nn

buffer = io.BytesIO()
torch.save(nn.Linear(4, 2).state_dict(), buffer)
data = buffer.getvalue()
print("检查点的开头:", data[:4])              # PK：zip 文件
assert zipfile.is_zipfile(io.BytesIO(data))  # check
# zip 的目录记在文件末尾，截掉后一半就没了
assert data.rfind(b"PK\x05\x06") > len(data) // 2  # check
half = io.BytesIO(data[: len(data) // 2])     # 只剩前一半：没存完或没下载完
torch.load(half)  # raises: RuntimeError: PytorchStreamReader failed reading zip archive: failed finding central directory
# --8<-- [end:truncated_file]

# --8<-- [start:empty_file]
import io  # check
import os
import tempfile

import torch
import torch.nn as nn

with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "checkpoint.pt")
    torch.save(nn.Linear(4, 2).state_dict(), path)
    other = os.path.join(d, "other.pt")  # check
    torch.save(nn.Linear(4, 2).state_dict(), other)  # check
    try:  # check
        with open(other, "wb") as f:  # meant to read, opened for writing
            torch.load(f)
    except io.UnsupportedOperation as error:
        assert str(error) == "read"
    else:
        raise AssertionError("torch.load read from a file opened with 'wb'")
    assert os.path.getsize(other) == 0  # check
    # 以 "wb" 打开就先把文件清空；之后什么也没写
    open(path, "wb").close()
    print("文件大小:", os.path.getsize(path), "字节")
    torch.load(path)  # raises: EOFError
# --8<-- [end:empty_file]

# --8<-- [start:empty_file_unsafe]
import io
import pickle  # check
import unittest  # check

import torch

empty = io.BytesIO(b"")                  # 0 字节，和空文件一样
with unittest.TestCase().assertRaises(EOFError) as raised:  # check
    pickle.load(io.BytesIO(b""))
assert str(raised.exception) == "Ran out of input"  # check
torch.load(empty, weights_only=False)  # raises: EOFError: Ran out of input
# --8<-- [end:empty_file_unsafe]

# --8<-- [start:lfs_pointer]
import io

import torch

# 没装 git-lfs 时 git clone 得到的不是权重，而是这样一个文本文件
pointer = io.BytesIO(
    b"version https://git-lfs.github.com/spec/v1\n"
    b"oid sha256:4d7a2146...\n"
    b"size 1717\n"
)
print("文件的开头:", pointer.getvalue()[:4], " 'v' 的编码:", ord("v"))
torch.load(pointer)  # raises: UnpicklingError: Weights only load failed
# --8<-- [end:lfs_pointer]

# --8<-- [start:lfs_pointer_unsafe]
import io

import torch

pointer = io.BytesIO(
    b"version https://git-lfs.github.com/spec/v1\n"
    b"oid sha256:4d7a2146...\n"
    b"size 1717\n"
)
try:  # check
    torch.load(io.BytesIO(b"<!DOCTYPE html>"), weights_only=False)
except Exception as error:
    assert str(error) == "invalid load key, '<'."
else:
    raise AssertionError("loading an HTML page did not fail")
torch.load(pointer, weights_only=False)  # raises: UnpicklingError: invalid load key, 'v'.
# --8<-- [end:lfs_pointer_unsafe]

# --8<-- [start:not_a_file]
import io

import torch
import torch.nn as nn

buffer = io.BytesIO()
torch.save(nn.Linear(4, 2).state_dict(), buffer)
buffer.seek(0)
state_dict = torch.load(buffer)       # 读回来的已经是字典
print(type(state_dict).__name__, list(state_dict))
torch.load(state_dict)  # raises: AttributeError: 'collections.OrderedDict' object has no attribute 'seek'. You can only torch.load from a file that is seekable.
# --8<-- [end:not_a_file]

# --8<-- [start:from_bytes]
import io

import torch
import torch.nn as nn

buffer = io.BytesIO()
torch.save(nn.Linear(4, 2).state_dict(), buffer)
data = buffer.getvalue()                   # 字节串：例如从数据库或网络读到的文件内容
state_dict = torch.load(io.BytesIO(data))  # 包成文件对象再读
print(list(state_dict))
try:  # check
    torch.load(data)
except AttributeError as error:
    assert str(error).startswith("'bytes' object has no attribute 'seek'. You can only torch.load")
else:
    raise AssertionError("torch.load accepted bytes")
try:  # check
    torch.load("https://example.com/model.pth")  # a URL is opened as a local path: no request
except FileNotFoundError:
    pass
else:
    raise AssertionError("torch.load opened a URL")
# --8<-- [end:from_bytes]

# --8<-- [start:parent_directory]
import contextlib
import os
import tempfile

import torch
import torch.nn as nn

model = nn.Linear(4, 2)
# 在一个空的临时目录里运行，相对路径从这里算（contextlib.chdir 需要 Python 3.11）
with tempfile.TemporaryDirectory() as d, contextlib.chdir(d):
    print("当前目录里有:", os.listdir("."))
    try:  # check
        torch.save(model.state_dict(), os.path.join(d, "models", "m.pt"))
    except RuntimeError as error:
        assert str(error) == f"Parent directory {d}/models does not exist."
        assert os.listdir(d) == []
    else:
        raise AssertionError("torch.save wrote into a missing directory")
    torch.save(model.state_dict(), "models/model.pt")  # raises: RuntimeError: Parent directory models does not exist.
# --8<-- [end:parent_directory]

# --8<-- [start:parent_directory_fix]
import os
import tempfile
from pathlib import Path

import torch
import torch.nn as nn

model = nn.Linear(4, 2)
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "models", "model.pt")
    os.makedirs(os.path.dirname(path), exist_ok=True)  # 已经存在也不报错
    os.makedirs(os.path.dirname(path), exist_ok=True)  # check
    torch.save(model.state_dict(), path)

    # pathlib 的写法：parents=True 把缺的各级目录一起建好
    ckpt = Path(d) / "runs" / "exp1" / "epoch_1.pt"
    ckpt.parent.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), ckpt)      # Path 对象也可以直接传
    saved = sorted(p.relative_to(d).as_posix() for p in Path(d).rglob("*.pt"))
print(saved)
assert saved == ["models/model.pt", "runs/exp1/epoch_1.pt"]  # check
# --8<-- [end:parent_directory_fix]
