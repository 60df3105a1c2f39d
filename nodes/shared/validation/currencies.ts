/**
 * ISO 4217 codes of currencies in use (list of 2025), without the codes that are not money a
 * tracker could report in: precious metals (XAU, XAG, XPD, XPT), bond-market units (XBA–XBD),
 * SDR/ADB units (XDR, XSU, XUA), the testing code XTS and "no currency" XXX. Fund codes (BOV, CHE,
 * CHW, CLF, COU, MXV, USN, UYI, UYW) are kept: they are valid ISO 4217 and harmless.
 * Kept as a literal (not Intl.supportedValuesOf) so the answer does not depend on the Node/ICU build.
 */
export const ISO_4217_CODES: ReadonlySet<string> = new Set(
	(
		'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP ' +
		'BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB ' +
		'EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD ' +
		'JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU ' +
		'MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD ' +
		'RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY ' +
		'TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ' +
		'ZWG ZWL'
	).split(' '),
);
