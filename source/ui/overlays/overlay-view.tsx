// The overlay switch: at most one overlay, drawn over the screen, owning input.
import type {Overlay} from '../state/navigation.js';
import {ActionsMenu} from './actions-menu.js';
import {ConfirmCopy} from './confirm-copy.js';
import {BatchActionsMenu} from './batch-actions-menu.js';
import {BatchExport} from './batch-export.js';
import {BatchProgressDialog} from './batch-progress.js';
import {BatchResultViewer} from './batch-result.js';
import {ConfirmBatchDelete} from './confirm-batch-delete.js';
import {ConfirmMarkAll} from './confirm-mark-all.js';
import {ConfirmDelete} from './confirm-delete.js';
import {ConfirmUnlink} from './confirm-unlink.js';
import {EventViewer} from './event-viewer.js';
import {HelpOverlay} from './help-overlay.js';
import {ImpersonatePicker} from './impersonate-picker.js';
import {MetadataEditor} from './metadata-editor.js';
import {TicketPopup} from './ticket-popup.js';

export type OverlayProps<O extends Overlay['name'] = Overlay['name']> = {
	readonly overlay: Extract<Overlay, {name: O}>;
	/** The body area the overlay is drawn over. */
	readonly width: number;
	readonly height: number;
};

export function OverlayView({overlay, width, height}: OverlayProps) {
	switch (overlay.name) {
		case 'help': {
			return <HelpOverlay overlay={overlay} width={width} height={height} />;
		}

		case 'actions': {
			return <ActionsMenu overlay={overlay} width={width} height={height} />;
		}

		case 'confirm-delete': {
			return <ConfirmDelete overlay={overlay} width={width} height={height} />;
		}

		case 'confirm-unlink': {
			return <ConfirmUnlink overlay={overlay} width={width} height={height} />;
		}

		case 'impersonate': {
			return <ImpersonatePicker overlay={overlay} width={width} height={height} />;
		}

		case 'ticket': {
			return <TicketPopup overlay={overlay} width={width} height={height} />;
		}

		case 'event': {
			return <EventViewer overlay={overlay} width={width} height={height} />;
		}

		case 'edit-metadata': {
			return <MetadataEditor overlay={overlay} width={width} height={height} />;
		}

		case 'confirm-copy': {
			return <ConfirmCopy overlay={overlay} width={width} height={height} />;
		}

		case 'confirm-mark-all': {
			return <ConfirmMarkAll overlay={overlay} width={width} height={height} />;
		}

		case 'batch-actions': {
			return <BatchActionsMenu overlay={overlay} width={width} height={height} />;
		}

		case 'batch-delete': {
			return <ConfirmBatchDelete overlay={overlay} width={width} height={height} />;
		}

		case 'batch-export': {
			return <BatchExport overlay={overlay} width={width} height={height} />;
		}

		case 'batch-progress': {
			return <BatchProgressDialog overlay={overlay} width={width} height={height} />;
		}

		case 'batch-result': {
			return <BatchResultViewer overlay={overlay} width={width} height={height} />;
		}
	}
}
