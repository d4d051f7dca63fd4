/* For the Wine check only (make package-check): Wine 8.0 lacks ProcessPrng in
   bcryptprimitives.dll, which Go's Windows runtime calls at start; real Windows
   has it. This stand-in answers it with RtlGenRandom (SystemFunction036). */
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
    if (!SystemFunction036(data, n)) return FALSE;
    data += n; len -= n;
  }
  return TRUE;
}
