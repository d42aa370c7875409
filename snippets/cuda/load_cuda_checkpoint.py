# requires: cuda
"""在 GPU 上保存的检查点文件，拿到没有 GPU 的进程里加载：map_location。"""
# --8<-- [start:save_on_gpu]
import os
import tempfile

import torch
from torch import nn

with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "model.pt")
    model = nn.Linear(2, 1).cuda()
    torch.save(model.state_dict(), path)
    saved = torch.load(path)
# 张量记得自己保存时所在的设备
print(saved["weight"].device)
assert saved["weight"].device == torch.device("cuda:0")  # check
# --8<-- [end:save_on_gpu]

# --8<-- [start:load_without_gpu]
import os
import subprocess
import sys
import tempfile

import torch
from torch import nn

# 子进程运行的程序：不传 map_location
load = "import sys, torch; torch.load(sys.argv[1])"
# CUDA_VISIBLE_DEVICES="" 让子进程看不到 GPU，模拟只有 CPU 的机器
env = dict(os.environ, CUDA_VISIBLE_DEVICES="")
with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "model.pt")
    torch.save(nn.Linear(2, 1).cuda().state_dict(), path)
    result = subprocess.run([sys.executable, "-c", load, path], env=env,
                            capture_output=True, text=True, timeout=120)
assert result.returncode != 0  # check
# 子进程的报错：traceback 的最后一行
print(result.stderr.splitlines()[-1])
assert "Attempting to deserialize object on a CUDA device" in result.stderr  # check
assert "please use torch.load with map_location" in result.stderr  # check
# --8<-- [end:load_without_gpu]

# --8<-- [start:map_location_cpu]
import os
import subprocess
import sys
import tempfile

import torch
from torch import nn

# 子进程运行的程序：传 map_location="cpu"
load = """
import sys, torch
state = torch.load(sys.argv[1], map_location="cpu")
print("map_location='cpu':", state["weight"].device)
"""
# CUDA_VISIBLE_DEVICES="" 让子进程看不到 GPU，模拟只有 CPU 的机器
env = dict(os.environ, CUDA_VISIBLE_DEVICES="")
with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "model.pt")
    torch.save(nn.Linear(2, 1).cuda().state_dict(), path)
    result = subprocess.run([sys.executable, "-c", load, path], env=env,
                            capture_output=True, text=True, timeout=120)
assert result.returncode == 0, result.stderr  # check
print(result.stdout, end="")
assert "map_location='cpu': cpu" in result.stdout  # check
# --8<-- [end:map_location_cpu]

# --8<-- [start:missing_device]
import io

import torch
from torch import nn

buffer = io.BytesIO()
# 在 cuda:0 上保存：文件里的设备标签是 "cuda:0"
torch.save(nn.Linear(2, 1).cuda(0).state_dict(), buffer)
buffer.seek(0)
# 改写成这台机器上没有的编号，相当于加载在 cuda:N 上保存的文件
missing = f"cuda:{torch.cuda.device_count()}"
torch.load(buffer, map_location={"cuda:0": missing})  # raises: RuntimeError: Attempting to deserialize object on CUDA device
# --8<-- [end:missing_device]
