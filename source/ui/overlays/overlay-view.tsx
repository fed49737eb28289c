// The overlay switch: at most one overlay, drawn over the screen, owning input.
import type {Overlay} from '../state/navigation.js';
import {ActionsMenu} from './actions-menu.js';
import {ConfirmCopy} from './confirm-copy.js';
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
	}
}
