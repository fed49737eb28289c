// E.164 phone numbers for demo people, in the country they live in. Where a
// country reserves numbers for fiction (North America's 555-01XX, the UK's
// 07700 900XXX) the demo uses them, so a demo number never rings anyone there.
import {flat} from './flat.js';
import type {Random} from './random.js';

type Plan = {
	callingCode: string;
	/** Digits after the calling code. */
	length: number;
	/** How mobile numbers start, where known. */
	mobilePrefix?: string;
	/** North American area codes, drawn from for +1 countries. */
	areaCodes?: readonly string[];
};

const plans: Record<string, Plan> = {
	US: {callingCode: '1', length: 10, areaCodes: ['212', '213', '312', '415', '206', '303', '617', '305', '404', '512', '503', '612', '801', '907', '808', '215', '602', '713', '703']},
	CA: {callingCode: '1', length: 10, areaCodes: ['416', '514', '604', '403', '613']},
	DO: {callingCode: '1', length: 10, areaCodes: ['809', '829']},
	PR: {callingCode: '1', length: 10, areaCodes: ['787', '939']},
	JM: {callingCode: '1', length: 10, areaCodes: ['876']},
	GB: {callingCode: '44', length: 10, mobilePrefix: '7700900'},
	MX: {callingCode: '52', length: 10, mobilePrefix: '55'},
	GT: {callingCode: '502', length: 8, mobilePrefix: '5'},
	CR: {callingCode: '506', length: 8, mobilePrefix: '8'},
	PA: {callingCode: '507', length: 8, mobilePrefix: '6'},
	CU: {callingCode: '53', length: 8, mobilePrefix: '5'},
	BR: {callingCode: '55', length: 11, mobilePrefix: '119'},
	AR: {callingCode: '54', length: 10, mobilePrefix: '911'},
	CL: {callingCode: '56', length: 9, mobilePrefix: '9'},
	PE: {callingCode: '51', length: 9, mobilePrefix: '9'},
	CO: {callingCode: '57', length: 10, mobilePrefix: '3'},
	EC: {callingCode: '593', length: 9, mobilePrefix: '9'},
	VE: {callingCode: '58', length: 10, mobilePrefix: '41'},
	UY: {callingCode: '598', length: 8, mobilePrefix: '9'},
	BO: {callingCode: '591', length: 8, mobilePrefix: '7'},
	PY: {callingCode: '595', length: 9, mobilePrefix: '9'},
	IE: {callingCode: '353', length: 9, mobilePrefix: '8'},
	FR: {callingCode: '33', length: 9, mobilePrefix: '6'},
	DE: {callingCode: '49', length: 11, mobilePrefix: '17'},
	NL: {callingCode: '31', length: 9, mobilePrefix: '6'},
	BE: {callingCode: '32', length: 9, mobilePrefix: '4'},
	LU: {callingCode: '352', length: 9, mobilePrefix: '6'},
	CH: {callingCode: '41', length: 9, mobilePrefix: '7'},
	AT: {callingCode: '43', length: 10, mobilePrefix: '6'},
	ES: {callingCode: '34', length: 9, mobilePrefix: '6'},
	PT: {callingCode: '351', length: 9, mobilePrefix: '9'},
	IT: {callingCode: '39', length: 10, mobilePrefix: '3'},
	GR: {callingCode: '30', length: 10, mobilePrefix: '69'},
	SE: {callingCode: '46', length: 9, mobilePrefix: '7'},
	NO: {callingCode: '47', length: 8, mobilePrefix: '4'},
	DK: {callingCode: '45', length: 8, mobilePrefix: '2'},
	FI: {callingCode: '358', length: 9, mobilePrefix: '4'},
	IS: {callingCode: '354', length: 7, mobilePrefix: '6'},
	PL: {callingCode: '48', length: 9, mobilePrefix: '5'},
	CZ: {callingCode: '420', length: 9, mobilePrefix: '6'},
	HU: {callingCode: '36', length: 9, mobilePrefix: '30'},
	RO: {callingCode: '40', length: 9, mobilePrefix: '7'},
	BG: {callingCode: '359', length: 9, mobilePrefix: '8'},
	RS: {callingCode: '381', length: 9, mobilePrefix: '6'},
	HR: {callingCode: '385', length: 9, mobilePrefix: '9'},
	SI: {callingCode: '386', length: 8, mobilePrefix: '4'},
	UA: {callingCode: '380', length: 9, mobilePrefix: '6'},
	LT: {callingCode: '370', length: 8, mobilePrefix: '6'},
	LV: {callingCode: '371', length: 8, mobilePrefix: '2'},
	EE: {callingCode: '372', length: 8, mobilePrefix: '5'},
	RU: {callingCode: '7', length: 10, mobilePrefix: '9'},
	KZ: {callingCode: '7', length: 10, mobilePrefix: '7'},
	EG: {callingCode: '20', length: 10, mobilePrefix: '10'},
	NG: {callingCode: '234', length: 10, mobilePrefix: '80'},
	KE: {callingCode: '254', length: 9, mobilePrefix: '7'},
	ZA: {callingCode: '27', length: 9, mobilePrefix: '8'},
	MA: {callingCode: '212', length: 9, mobilePrefix: '6'},
	TN: {callingCode: '216', length: 8, mobilePrefix: '2'},
	DZ: {callingCode: '213', length: 9, mobilePrefix: '5'},
	GH: {callingCode: '233', length: 9, mobilePrefix: '2'},
	SN: {callingCode: '221', length: 9, mobilePrefix: '7'},
	ET: {callingCode: '251', length: 9, mobilePrefix: '9'},
	UG: {callingCode: '256', length: 9, mobilePrefix: '7'},
	TZ: {callingCode: '255', length: 9, mobilePrefix: '7'},
	RW: {callingCode: '250', length: 9, mobilePrefix: '78'},
	CD: {callingCode: '243', length: 9, mobilePrefix: '8'},
	AO: {callingCode: '244', length: 9, mobilePrefix: '9'},
	CI: {callingCode: '225', length: 10, mobilePrefix: '07'},
	ZW: {callingCode: '263', length: 9, mobilePrefix: '7'},
	NA: {callingCode: '264', length: 9, mobilePrefix: '8'},
	MG: {callingCode: '261', length: 9, mobilePrefix: '3'},
	ZM: {callingCode: '260', length: 9, mobilePrefix: '9'},
	MZ: {callingCode: '258', length: 9, mobilePrefix: '8'},
	JP: {callingCode: '81', length: 10, mobilePrefix: '90'},
	KR: {callingCode: '82', length: 10, mobilePrefix: '10'},
	CN: {callingCode: '86', length: 11, mobilePrefix: '13'},
	HK: {callingCode: '852', length: 8, mobilePrefix: '9'},
	TW: {callingCode: '886', length: 9, mobilePrefix: '9'},
	SG: {callingCode: '65', length: 8, mobilePrefix: '9'},
	MY: {callingCode: '60', length: 9, mobilePrefix: '1'},
	TH: {callingCode: '66', length: 9, mobilePrefix: '8'},
	VN: {callingCode: '84', length: 9, mobilePrefix: '9'},
	ID: {callingCode: '62', length: 10, mobilePrefix: '8'},
	PH: {callingCode: '63', length: 10, mobilePrefix: '9'},
	IN: {callingCode: '91', length: 10, mobilePrefix: '9'},
	PK: {callingCode: '92', length: 10, mobilePrefix: '3'},
	BD: {callingCode: '880', length: 10, mobilePrefix: '1'},
	LK: {callingCode: '94', length: 9, mobilePrefix: '7'},
	NP: {callingCode: '977', length: 10, mobilePrefix: '98'},
	AE: {callingCode: '971', length: 9, mobilePrefix: '50'},
	QA: {callingCode: '974', length: 8, mobilePrefix: '5'},
	SA: {callingCode: '966', length: 9, mobilePrefix: '5'},
	IL: {callingCode: '972', length: 9, mobilePrefix: '5'},
	JO: {callingCode: '962', length: 9, mobilePrefix: '7'},
	LB: {callingCode: '961', length: 8, mobilePrefix: '3'},
	IR: {callingCode: '98', length: 10, mobilePrefix: '9'},
	UZ: {callingCode: '998', length: 9, mobilePrefix: '9'},
	MN: {callingCode: '976', length: 8, mobilePrefix: '9'},
	AM: {callingCode: '374', length: 8, mobilePrefix: '9'},
	GE: {callingCode: '995', length: 9, mobilePrefix: '5'},
	AZ: {callingCode: '994', length: 9, mobilePrefix: '5'},
	TR: {callingCode: '90', length: 10, mobilePrefix: '5'},
	AU: {callingCode: '61', length: 9, mobilePrefix: '4'},
	NZ: {callingCode: '64', length: 9, mobilePrefix: '21'},
	FJ: {callingCode: '679', length: 7, mobilePrefix: '9'},
	PG: {callingCode: '675', length: 8, mobilePrefix: '7'},
	NC: {callingCode: '687', length: 6, mobilePrefix: '7'},
	WS: {callingCode: '685', length: 7, mobilePrefix: '7'},
	PF: {callingCode: '689', length: 8, mobilePrefix: '87'},
};

/** A mobile number in E.164 (`+` and at most 15 digits) for someone living in `countryCode`. */
export function phoneNumber(random: Random, countryCode: string): string {
	const plan = plans[countryCode] ?? {callingCode: '1', length: 10, areaCodes: ['212']};
	if (plan.areaCodes !== undefined) {
		return flat(`+${plan.callingCode}${random.pick(plan.areaCodes)}55501${randomDigits(random, 2)}`);
	}

	const prefix = plan.mobilePrefix ?? '';
	return flat(`+${plan.callingCode}${prefix}${randomDigits(random, plan.length - prefix.length)}`);
}

/** Whether a country has a numbering plan here; the tests check every demo country has one. */
export function hasPhonePlan(countryCode: string): boolean {
	return countryCode in plans;
}

function randomDigits(random: Random, length: number): string {
	let out = '';
	for (let index = 0; index < length; index++) {
		out += String(random.int(0, 9));
	}

	return out;
}
