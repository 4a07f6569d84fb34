/*
 * Test-only stand-in for Windows' bcryptprimitives.dll, for Wine 8.
 *
 * Go >= 1.22 loads bcryptprimitives.dll and calls ProcessPrng before main;
 * Wine 8.0 (Debian 12) has no such DLL, so every Go program dies under it
 * with "bcryptprimitives.dll not found". Real Windows 10 and later ship it.
 * This DLL exports ProcessPrng on top of RtlGenRandom (advapi32's
 * SystemFunction036), which Wine does have. scripts/wine-smoke.sh builds it
 * with mingw-w64 and copies it into a throwaway Wine prefix's system32.
 * It is never shipped with Benchtop.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
