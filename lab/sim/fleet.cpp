#include "lab/sim/session.hpp"

namespace vtyguard::lab {

void Fleet::add(std::unique_ptr<Device> device) {
    if (device) devices_.push_back(std::move(device));
}

Device* Fleet::find(std::string_view address) const {
    for (const auto& d : devices_)
        if (d->spec().address == address) return d.get();
    // then the addresses of the devices' interfaces, as configured right now
    for (const auto& d : devices_)
        for (const auto& a : d->interface_addresses())
            if (a == address) return d.get();
    return nullptr;
}

}  // namespace vtyguard::lab
