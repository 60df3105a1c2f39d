import type { KeitaroResource } from '../types';
import { avscanGet } from './avscanGet';
import { avscanUpdate } from './avscanUpdate';
import { facebookAssignCampaign } from './facebookAssignCampaign';
import { facebookCreate } from './facebookCreate';
import { facebookDelete } from './facebookDelete';
import { facebookDissociateCampaign } from './facebookDissociateCampaign';
import { facebookGet } from './facebookGet';
import { facebookGetAll } from './facebookGetAll';
import { facebookGetCampaigns } from './facebookGetCampaigns';
import { facebookUpdate } from './facebookUpdate';
import { imkloGet } from './imkloGet';
import { imkloUpdate } from './imkloUpdate';

/** Third-party integrations: Facebook ad accounts (cost import), AVScan, IMKLO. */
export const resource: KeitaroResource = {
	option: { name: 'Integration', value: 'integration' },
	defaultOperation: 'facebookGetAll',
	operations: {
		avscanGet,
		avscanUpdate,
		facebookAssignCampaign,
		facebookCreate,
		facebookDelete,
		facebookDissociateCampaign,
		facebookGet,
		facebookGetAll,
		facebookGetCampaigns,
		facebookUpdate,
		imkloGet,
		imkloUpdate,
	},
};
