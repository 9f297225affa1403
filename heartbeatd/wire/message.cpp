#include "wire/message.h"

#include <algorithm>

namespace hb::wire {

const Field* Message::find(std::string_view name) const
{
    for (const Field& fl : fields_) {
        if (fl.name == name) {
            return &fl;
        }
    }
    return nullptr;
}

std::string_view Message::value(std::string_view name) const
{
    const Field* fl = find(name);
    return fl ? std::string_view(fl->value) : std::string_view();
}

std::optional<std::string_view> Message::get(std::string_view name) const
{
    const Field* fl = find(name);
    if (!fl) {
        return std::nullopt;
    }
    return std::string_view(fl->value);
}

void Message::add(std::string_view name, std::string_view value, FieldType type)
{
    fields_.push_back(Field{std::string(name), std::string(value), type});
}

void Message::set(std::string_view name, std::string_view value, FieldType type)
{
    for (Field& fl : fields_) {
        if (fl.name == name) {
            fl.value = std::string(value);
            fl.type = type;
            return;
        }
    }
    add(name, value, type);
}

void Message::remove(std::string_view name)
{
    fields_.erase(std::remove_if(fields_.begin(), fields_.end(),
                      [&](const Field& fl) { return fl.name == name; }),
        fields_.end());
}

bool operator==(const Field& a, const Field& b)
{
    return a.name == b.name && a.value == b.value && a.type == b.type;
}

bool operator==(const Message& a, const Message& b)
{
    return a.fields_ == b.fields_;
}

}  // namespace hb::wire
