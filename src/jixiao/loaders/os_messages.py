"""Operating-system errors in Chinese: the user sees what went wrong with a file, not strerror's English."""
from __future__ import annotations

import errno

_MESSAGES = {
    errno.ENOENT: "文件或目录不存在",
    errno.EISDIR: "这是一个目录，不是文件",
    errno.ENOTDIR: "路径中的某一级不是目录",
    errno.EEXIST: "已存在同名的文件或目录",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "操作不被允许（权限不足）",
    errno.ELOOP: "符号链接层数过多（可能是循环链接）",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "文件系统为只读",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EMFILE: "打开的文件过多",
    errno.EIO: "读写出错（输入/输出错误）",
    errno.EBUSY: "文件或设备正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EXDEV: "不能跨文件系统移动文件",
    errno.ENOTEMPTY: "目录不是空的",
    errno.EINVAL: "参数无效（文件名中可能有不允许的字符）",
    errno.EFBIG: "文件过大",
    errno.EDQUOT: "超出磁盘配额",
}


def os_message(error: OSError) -> str:
    """A Chinese description of an OSError, never its English strerror."""
    if error.errno in _MESSAGES:
        return _MESSAGES[error.errno]
    return f"操作系统错误（错误码 {error.errno}）" if error.errno else "操作系统错误"


def write_failure(error: OSError, default: object) -> tuple[str, str]:
    """(the file that could not be written, why): the file itself, and the folder when that is the reason."""
    reason = os_message(error)
    if error.filename2:
        reason = f"文件夹“{error.filename2}”{reason}" if error.errno == errno.EACCES else f"“{error.filename2}”：{reason}"
    return str(error.filename or default), f"无法写出文件：{reason}"
